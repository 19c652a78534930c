//! A live "expires at … (in 4m 05s)" label that ticks every second.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::clock::local_now_ms;
use crate::format::{iso_time, remaining, utc_time};

/// Properties of [`Countdown`].
#[derive(Properties, PartialEq)]
pub struct CountdownProps {
    /// The moment counted down to, Unix ms (server time).
    pub until_ms: f64,
    /// Server minus local clock, ms (from the client's clock skew).
    #[prop_or_default]
    pub offset_ms: f64,
}

/// `2025-01-31 12:34:56 UTC (in 59m 12s)`, updated every second.
#[component]
pub fn Countdown(props: &CountdownProps) -> Html {
    let now = use_state(local_now_ms);
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let interval = Interval::new(1_000, move || now.set(local_now_ms()));
            move || drop(interval)
        });
    }
    let left = props.until_ms - (*now + props.offset_ms);
    let class = if left <= 0.0 {
        "countdown expired"
    } else if left < 5.0 * 60_000.0 {
        "countdown soon"
    } else {
        "countdown"
    };
    let left_text = if left <= 0.0 {
        "expired".to_owned()
    } else {
        format!("in {}", remaining(left))
    };
    html! {
        <span class={class}>
            <time datetime={iso_time(props.until_ms)}>{ utc_time(props.until_ms) }</time>
            { " " }
            <span class="left">{ format!("({left_text})") }</span>
        </span>
    }
}
