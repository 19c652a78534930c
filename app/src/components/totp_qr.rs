//! An authenticator-app secret as a QR code of its `otpauth://` URI, drawn
//! in the page (SVG), and as text to type.

use yew::prelude::*;

use crate::qr_svg::qr_picture;

/// Properties of [`TotpQr`].
#[derive(Properties, PartialEq)]
pub struct TotpQrProps {
    /// The base32 secret.
    pub secret: AttrValue,
    /// Its `otpauth://totp/…` URI.
    pub uri: AttrValue,
}

/// The QR code and the secret.
#[component]
pub fn TotpQr(props: &TotpQrProps) -> Html {
    let picture = qr_picture(&props.uri);
    html! {
        <div class="totp">
            { match picture {
                Ok(p) => html! {
                    <svg data-testid="totp-qr" class="qr" role="img" aria-label="QR code of the authenticator-app secret"
                        viewBox={format!("0 0 {0} {0}", p.size)} width="180" height="180" shape-rendering="crispEdges">
                        <rect width="100%" height="100%" fill="#fff" />
                        <path d={p.path} fill="#000" />
                    </svg>
                },
                Err(why) => html! { <p class="warn small">{ why }</p> },
            } }
            <p class="small">{ "Or type the secret into the app: " }
                <code data-testid="totp-secret" class="secret">{ props.secret.clone() }</code></p>
        </div>
    }
}
