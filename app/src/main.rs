//! cognito-wasm demo app.
use yew::prelude::*;

#[function_component(App)]
fn app() -> Html {
    html! { <main><h1>{ "cognito-wasm demo" }</h1></main> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
