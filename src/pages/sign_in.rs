use crate::api::{self, is_admin_key, normalize_base_url, ApiError};
use crate::components::Alert;
use crate::state::session::{
    forget_saved_key, remembered_base_url, saved_credentials, use_session, Credentials, Session,
};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// Why signing in failed, in words a person can act on.
#[derive(Clone, PartialEq, Eq)]
struct Failure {
    message: String,
    request_id: Option<String>,
}

impl Failure {
    fn form(message: &str) -> Self {
        Self {
            message: message.to_owned(),
            request_id: None,
        }
    }

    /// Explains a failed `GET {base_url}/v1/organizations/me`. `answers_without_cors` tells,
    /// after a network failure, whether the server is up but refuses this page's origin.
    fn probe(error: &ApiError, base_url: &str, key: &str, answers_without_cors: bool) -> Self {
        let server_said = |message: &Option<String>| match message {
            Some(message) => format!(" The server said: {message}"),
            None => String::new(),
        };
        let message = match error {
            ApiError::Network(_) if answers_without_cors => format!(
                "The server at {base_url} is up, but your browser refused to let this page read \
                 its answer (CORS). Open the console from the server's own address, or ask its \
                 operators to allow this page's origin ({}) with the Admin API headers.",
                page_origin()
            ),
            ApiError::Network(_) => format!(
                "Could not reach {base_url}. Check the Base URL, your network, and that the server \
                 is running.{}",
                if page_origin().starts_with("https:") && base_url.starts_with("http:") {
                    " This page is on https and the Base URL is not: browsers block that."
                } else {
                    ""
                }
            ),
            ApiError::Http(e) if e.status == 401 && is_admin_key(key) => format!(
                "The admin key was not accepted. Check that you pasted the whole key (admin keys \
                 start with sk-ant-admin01-) and that it has not been revoked.{}",
                server_said(&e.message)
            ),
            ApiError::Http(e) if e.status == 401 => format!(
                "The access token was not accepted (it was sent as a Bearer token, since it does \
                 not start with sk-ant-). Check that it has the org:admin scope and has not \
                 expired.{}",
                server_said(&e.message)
            ),
            ApiError::Http(e) if e.status == 403 => format!(
                "This key may not read the organization: sign in with an admin key.{}",
                server_said(&e.message)
            ),
            ApiError::Http(e) if e.status == 404 => format!(
                "No Admin API answered at {base_url} (404 for /v1/organizations/me). Check the \
                 Base URL: it is the API's root, without /v1."
            ),
            ApiError::InvalidBody { .. } => {
                format!("Something answered at {base_url}, but not the Admin API. Check the Base URL.")
            }
            other => other.to_string(),
        };
        Self {
            message,
            request_id: error.request_id().map(str::to_owned),
        }
    }
}

/// The sign-in page: a Base URL and an admin key, accepted once
/// `GET {base}/v1/organizations/me` answers. After a reload of the tab it signs in again by
/// itself with the key kept in `sessionStorage`.
#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let saved = saved_credentials();
    let remembered = saved.as_ref().map(|c| c.base_url.clone()).or_else(remembered_base_url);

    let base_url = RwSignal::new(remembered.clone().unwrap_or_default());
    let admin_key = RwSignal::new(String::new());
    let form_error = RwSignal::new(None::<Failure>);

    // Nothing remembered: prefill from config.json, else the page's own origin, unless the
    // person is already in the field (config.json may arrive after they started typing, and
    // their text must not be replaced or mixed with it).
    let touched = RwSignal::new(false);
    if remembered.is_none() {
        let default_base_url = LocalResource::new(api::default_base_url);
        Effect::new(move |_| {
            if let Some(configured) = default_base_url.get() {
                if !touched.get_untracked() && base_url.with_untracked(String::is_empty) {
                    base_url.set(configured.unwrap_or_else(page_origin));
                }
            }
        });
    }

    let sign_in = Action::new_local(move |credentials: &Credentials| {
        let credentials = credentials.clone();
        async move {
            match credentials.client().organization().await {
                Ok(organization) => {
                    // The key leaves the DOM before the page does.
                    admin_key.set(String::new());
                    session.sign_in(Session {
                        credentials,
                        organization,
                    });
                    Ok(())
                }
                Err(error) => {
                    // Forget a saved key only when the server refused it: a server that is
                    // briefly unreachable must not sign the tab out.
                    if error.status() == Some(401) {
                        forget_saved_key();
                    }
                    let answers =
                        matches!(error, ApiError::Network(_)) && api::answers_without_cors(&credentials.base_url).await;
                    Err(Failure::probe(
                        &error,
                        &credentials.base_url,
                        &credentials.api_key,
                        answers,
                    ))
                }
            }
        }
    });
    let pending = sign_in.pending();

    if let Some(credentials) = saved {
        sign_in.dispatch(credentials);
    }

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let base = match normalize_base_url(&base_url.get_untracked()) {
            Ok(base) => base,
            Err(message) => {
                form_error.set(Some(Failure::form(message)));
                return;
            }
        };
        let key = admin_key.get_untracked().trim().to_owned();
        if key.is_empty() {
            form_error.set(Some(Failure::form("Enter the admin key.")));
            return;
        }
        if !key.chars().all(|c| c.is_ascii_graphic()) {
            form_error.set(Some(Failure::form(
                "The admin key contains spaces or characters an admin key cannot have: paste it again.",
            )));
            return;
        }
        base_url.set(base.clone());
        sign_in.dispatch(Credentials {
            base_url: base,
            api_key: key,
        });
    };

    let failure = move || {
        if pending.get() {
            return None;
        }
        form_error.get().or_else(|| sign_in.value().get().and_then(Result::err))
    };

    view! {
        <main class="sign-in">
            <form class="card" novalidate on:submit=on_submit>
                <h1>"Admin console"</h1>
                <p class="hint">
                    "Sign in with an admin key of your organization, or an OAuth access token with the org:admin scope."
                </p>
                {move || {
                    session
                        .ended_because()
                        .map(|why| view! { <p class="notice" role="status">{why}</p> })
                }}
                <label for="base-url">"Base URL"</label>
                <input
                    id="base-url"
                    name="base-url"
                    type="url"
                    inputmode="url"
                    autocomplete="url"
                    spellcheck="false"
                    placeholder="https://api.example.com"
                    bind:value=base_url
                    on:focus=move |_| touched.set(true)
                />
                <label for="admin-key">"Admin key or access token"</label>
                <input
                    id="admin-key"
                    name="admin-key"
                    type="password"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="sk-ant-admin01-…"
                    bind:value=admin_key
                />
                {move || {
                    failure()
                        .map(|f| view! { <Alert message=f.message request_id=f.request_id /> })
                }}
                {move || pending.get().then(|| view! { <p class="status" role="status">"Signing in…"</p> })}
                <button type="submit" disabled=move || pending.get()>
                    "Sign in"
                </button>
            </form>
        </main>
    }
}

/// The origin this page was loaded from, e.g. `http://127.0.0.1:8080`.
fn page_origin() -> String {
    window()
        .location()
        .origin()
        .ok()
        .filter(|origin| origin != "null")
        .unwrap_or_default()
}
