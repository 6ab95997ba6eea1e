use super::text::fold_case;
use super::ColorDot;
use crate::state::url::{href, paths};
use crate::state::workspace::{use_workspaces, WorkspaceList};
use leptos::prelude::*;

/// The header's workspace switcher: the active workspace, and a searchable list of the active
/// workspaces with their colors, the active one marked.
#[component]
pub fn WorkspaceSwitcher() -> impl IntoView {
    let workspaces = use_workspaces();
    let open = RwSignal::new(false);
    let search = RwSignal::new(String::new());
    let active = move || workspaces.active();
    let label = move || match (workspaces.list(), active()) {
        (WorkspaceList::Loading, _) => "Loading workspaces…".to_owned(),
        (WorkspaceList::Failed(_), _) => "Workspaces unavailable".to_owned(),
        (_, Some(w)) => w.name,
        (_, None) => "No workspace".to_owned(),
    };
    let matches = move || {
        let needle = fold_case(search.get().trim());
        workspaces
            .active_workspaces()
            .into_iter()
            .filter(|w| needle.is_empty() || fold_case(&w.name).contains(&needle) || w.id == needle)
            .collect::<Vec<_>>()
    };
    view! {
        <div
            class="switcher"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    open.set(false);
                }
            }
        >
            <button
                type="button"
                class="secondary switcher-button"
                aria-expanded=move || open.get().to_string()
                aria-controls="workspace-switcher"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span class="visually-hidden">"Active workspace: "</span>
                {move || active().map(|w| view! { <ColorDot color=w.display_color /> })}
                {label}
            </button>
            {move || open.get().then(|| view! {
                <div id="workspace-switcher" class="switcher-panel card">
                    <label for="workspace-search">"Search workspaces"</label>
                    <input id="workspace-search" type="search" autocomplete="off" autofocus bind:value=search />
                    {move || match workspaces.list() {
                        WorkspaceList::Failed(error) => {
                            view! {
                                <p class="alert" role="alert">{error.to_string()}</p>
                                <button type="button" class="secondary" on:click=move |_| workspaces.reload()>
                                    "Retry"
                                </button>
                            }
                                .into_any()
                        }
                        _ if workspaces.active_workspaces().is_empty() => {
                            view! {
                                <p>
                                    "No active workspaces yet. "
                                    <a href=href(paths::WORKSPACES) on:click=move |_| open.set(false)>
                                        "Create one on the Workspaces page"
                                    </a>
                                </p>
                            }
                                .into_any()
                        }
                        _ => {
                            view! {
                                <ul class="switcher-list" aria-label="Workspaces">
                                    {move || {
                                        let active_id = active().map(|a| a.id);
                                        matches()
                                            .into_iter()
                                            .map(|w| {
                                                let is_active = active_id.as_ref() == Some(&w.id);
                                                let id = w.id;
                                                view! {
                                                    <li>
                                                        <button
                                                            type="button"
                                                            class="link"
                                                            aria-current=is_active.then_some("true")
                                                            on:click=move |_| {
                                                                workspaces.select(&id);
                                                                open.set(false);
                                                            }
                                                        >
                                                            <ColorDot color=w.display_color />
                                                            {w.name}
                                                            {is_active.then_some(" ✓ active")}
                                                        </button>
                                                    </li>
                                                }
                                            })
                                            .collect_view()
                                    }}
                                </ul>
                                {move || matches().is_empty().then_some(view! { <p>"No workspace matches."</p> })}
                                <a href=href(paths::ACTIVE_WORKSPACE) on:click=move |_| open.set(false)>
                                    "Members of the active workspace"
                                </a>
                            }
                                .into_any()
                        }
                    }}
                </div>
            })}
        </div>
    }
}
