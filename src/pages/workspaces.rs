use crate::api::{ApiError, CreateWorkspace, Workspace, WorkspaceUpdate};
use crate::components::{
    explain, Alert, ColorDot, ConfirmDialog, Confirmation, DateText, InlineRename, ListView, RenameBox, RenameButton,
    Renames, SettingsDraft, WorkspaceSettingsFields,
};
use crate::state::queries::use_queries;
use crate::state::session::use_session;
use crate::state::toasts::use_toasts;
use crate::state::url::{use_url_query, workspace_href};
use crate::state::workspace::{use_workspaces, WorkspaceList};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// At most this many workspaces may be active (unarchived) at once.
pub const MAX_ACTIVE_WORKSPACES: usize = 100;
/// From this many active workspaces on, the page warns that the cap is near.
pub const CAP_WARNING_FROM: usize = 90;
/// The color a new workspace starts with.
pub const DEFAULT_COLOR: &str = "#3B82C4";

/// What the Workspaces page says about the cap, for a number of active workspaces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapStatus {
    /// "N of 100 active workspaces".
    pub count: String,
    /// From [`CAP_WARNING_FROM`] on: how close the cap is, or why creating is disabled.
    pub warning: Option<String>,
    /// False at the cap.
    pub can_create: bool,
}

/// The cap's wording and whether another workspace can be created.
pub fn cap_status(active: usize) -> CapStatus {
    let count = format!("{active} of {MAX_ACTIVE_WORKSPACES} active workspaces");
    let left = MAX_ACTIVE_WORKSPACES.saturating_sub(active);
    let warning = match left {
        0 => Some(format!(
            "Creating is disabled: the organization has reached the limit of {MAX_ACTIVE_WORKSPACES} active \
             workspaces. Archive one that is no longer used to make room."
        )),
        _ if active >= CAP_WARNING_FROM => Some(format!(
            "Close to the limit: only {left} more workspace{} can be created ({MAX_ACTIVE_WORKSPACES} active at \
             most). Archive the ones no longer used to make room.",
            if left == 1 { "" } else { "s" }
        )),
        _ => None,
    };
    CapStatus {
        count,
        warning,
        can_create: left > 0,
    }
}

/// A workspace name as the server will keep it (trimmed), or why it cannot be one.
pub fn checked_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    match name.chars().count() {
        1..=40 => Ok(name.to_owned()),
        0 => Err("Enter a name: 1 to 40 characters.".to_owned()),
        n => Err(format!("The name must be 1 to 40 characters long (it has {n}).")),
    }
}

/// The Workspaces page: active workspaces (archived ones too with `archived=1` in the URL),
/// creating one with a name and a color, renaming inline, archiving after typing the name, and
/// the number of active workspaces against the cap of 100.
#[component]
pub fn WorkspacesPage() -> impl IntoView {
    let session = use_session();
    let url = use_url_query();
    let toasts = use_toasts();
    let context = use_workspaces();

    let show_archived = Memo::new(move |_| url.get("archived").as_deref() == Some("1"));
    let queries = use_queries();
    let list = queries.workspaces(move || (url.page_request(), show_archived.get()));
    // After every write: every list of workspaces (the switcher's too), and of keys (archiving
    // a workspace archives its keys).
    let changed = move || queries.workspaces_changed();

    // `None` until the context has loaded the workspaces: the server still enforces the cap.
    let cap = Memo::new(move |_| match context.list() {
        WorkspaceList::Loaded(all) => Some(cap_status(all.iter().filter(|w| !w.is_archived()).count())),
        _ => None,
    });
    let can_create = move || cap.with(|c| c.as_ref().is_none_or(|c| c.can_create));

    // --- Creating.
    let new_name = RwSignal::new(String::new());
    let new_color = RwSignal::new(DEFAULT_COLOR.to_owned());
    let new_settings = RwSignal::new(SettingsDraft::default());
    // The create form's data residency and tags, folded away until asked for.
    let show_settings = RwSignal::new(false);
    let name_error = RwSignal::new(None::<String>);
    let create = Action::new_local(move |body: &CreateWorkspace| {
        let body = body.clone();
        let name = body.name.clone();
        let client = session.client();
        async move {
            match client.create_workspace(&body).await {
                Ok(workspace) => {
                    toasts.success(format!("Created the workspace “{}”", workspace.name));
                    new_name.try_set(String::new());
                    new_color.try_set(DEFAULT_COLOR.to_owned());
                    new_settings.try_set(SettingsDraft::default());
                    changed();
                }
                Err(ApiError::Aborted) => {}
                Err(e) => toasts.failure(format!("Could not create the workspace “{name}”: {}", explain(&e))),
            }
        }
    });
    let creating = create.pending();
    let on_create = move |ev: SubmitEvent| {
        ev.prevent_default();
        let settings = new_settings.get_untracked();
        let body = checked_name(&new_name.get_untracked()).and_then(|name| {
            Ok(CreateWorkspace {
                display_color: Some(new_color.get_untracked()),
                data_residency: Some(settings.residency_choice()?),
                tags: Some(settings.checked_tags()?),
                ..CreateWorkspace::named(&name)
            })
        });
        match body {
            Ok(body) => {
                name_error.set(None);
                create.dispatch(body);
            }
            Err(why) => name_error.set(Some(why)),
        }
    };

    // --- Renaming inline (the row's box keeps what was typed until the name is saved).
    let rename = Action::new_local(move |(workspace, name, row): &(Workspace, String, InlineRename)| {
        let (workspace, name, row) = (workspace.clone(), name.clone(), *row);
        let client = session.client().about(&workspace);
        async move {
            let update = WorkspaceUpdate {
                name: Some(name.clone()),
                ..Default::default()
            };
            match client.update_workspace(&workspace.id, &update).await {
                Ok(_) => {
                    toasts.success(format!("Renamed “{}” to “{name}”", workspace.name));
                    row.close();
                    changed();
                }
                Err(ApiError::Aborted) => {}
                Err(e) => toasts.failure(format!("Could not rename “{}”: {}", workspace.name, explain(&e))),
            }
        }
    });
    let renaming = rename.pending();

    // --- Archiving, after typing the workspace's name.
    let to_archive = RwSignal::new(None::<Workspace>);
    let archive = Action::new_local(move |workspace: &Workspace| {
        let workspace = workspace.clone();
        let client = session.client().about(&workspace);
        async move {
            match client.archive_workspace(&workspace.id).await {
                Ok(_) => {
                    toasts.success(format!("Archived the workspace “{}”", workspace.name));
                    changed();
                }
                Err(ApiError::Aborted) => {}
                Err(e) => toasts.failure(format!("Could not archive “{}”: {}", workspace.name, explain(&e))),
            }
            to_archive.try_set(None);
        }
    });
    let confirmation = Signal::derive(move || {
        to_archive.with(|w| {
            w.as_ref().map(|w| Confirmation {
                title: format!("Archive the workspace “{}”?", w.name),
                message: format!(
                    "This cannot be undone. “{}” can no longer be renamed or get members, and all of its API \
                     keys become archived: they stop working for good.",
                    w.name
                ),
                confirm_label: format!("Archive “{}”", w.name),
                type_to_confirm: Some(w.name.clone()),
            })
        })
    });

    let renames = Renames::new();
    let row = Callback::new(move |workspace: Workspace| {
        let archived = workspace.is_archived();
        let row_rename = renames.of(&workspace.id);
        let w = StoredValue::new(workspace.clone());
        let save = Callback::new(move |name: String| {
            let workspace = w.get_value();
            if name == workspace.name {
                row_rename.close();
            } else {
                rename.dispatch((workspace, name, row_rename));
            }
        });
        let (link, shown_name) = (workspace_href(&workspace.id), workspace.name.clone());
        let actions = (!archived).then(|| {
            view! {
                <div class="actions" hidden=move || row_rename.is_editing()>
                    <RenameButton rename=row_rename name=workspace.name.clone() label=workspace.name.clone() />
                    <button
                        type="button"
                        class="secondary"
                        aria-label=format!("Archive {}", workspace.name)
                        on:click=move |_| to_archive.set(Some(w.get_value()))
                    >
                        "Archive"
                    </button>
                </div>
            }
        });
        view! {
            <tr class="workspace-row" class:archived=archived>
                <td>
                    <ColorDot color=workspace.display_color />
                    <RenameBox rename=row_rename label=workspace.name.clone() check=checked_name busy=renaming on_save=save>
                        <a href=link>{shown_name}</a>
                        {archived.then_some(view! { " " <span class="badge">"Archived"</span> })}
                    </RenameBox>
                </td>
                <td>
                    <code>{workspace.id}</code>
                </td>
                <td>
                    <DateText time=workspace.created_at />
                </td>
                <td>{actions}</td>
            </tr>
        }
        .into_any()
    });
    view! {
        <h1>"Workspaces"</h1>
        <form class="card workspace-form" novalidate on:submit=on_create>
            <div class="workspace-form-row">
                <div class="workspace-name-field">
                    <label for="workspace-name">"Name"</label>
                    <input
                        id="workspace-name"
                        type="text"
                        autocomplete="off"
                        aria-describedby="workspace-name-hint"
                        bind:value=new_name
                    />
                </div>
                <div>
                    <label for="workspace-color">"Color"</label>
                    <input id="workspace-color" type="color" bind:value=new_color />
                </div>
                <button
                    type="submit"
                    aria-describedby="workspace-cap"
                    disabled=move || creating.get() || !can_create()
                >
                    "Create workspace"
                </button>
            </div>
            <p id="workspace-name-hint" class="hint">
                "1 to 40 characters; spaces at either end are dropped."
            </p>
            <button
                type="button"
                class="link workspace-more"
                aria-expanded=move || show_settings.get().to_string()
                aria-controls="workspace-settings"
                on:click=move |_| show_settings.update(|shown| *shown = !*shown)
            >
                "Data residency and tags"
            </button>
            <div id="workspace-settings" hidden=move || !show_settings.get()>
                <WorkspaceSettingsFields draft=new_settings disabled=creating />
            </div>
            {move || name_error.get().map(|message| view! { <Alert message request_id=None /> })}
            <div id="workspace-cap">
                {move || {
                    cap.get()
                        .map(|cap| {
                            view! {
                                <p class="hint">{cap.count}</p>
                                {cap.warning.map(|warning| view! { <p class="notice" role="status">{warning}</p> })}
                            }
                        })
                }}
            </div>
        </form>
        <div class="toolbar">
            <label class="checkbox">
                <input
                    type="checkbox"
                    prop:checked=move || show_archived.get()
                    on:change=move |ev| url.set_one("archived", event_target_checked(&ev).then(|| "1".to_owned()))
                />
                " Show archived"
            </label>
        </div>
        <ListView
            caption="Workspaces"
            columns=vec!["Name", "Id", "Created", "Actions"]
            resource=list
            row
            empty=ViewFn::from(move || {
                if show_archived.get() {
                    "No workspaces yet. Create one with the form above."
                } else {
                    "No active workspaces. Create one with the form above, or show archived ones."
                }
            })
        />
        <ConfirmDialog
            request=confirmation
            pending=archive.pending()
            on_confirm=Callback::new(move |_| {
                if let Some(workspace) = to_archive.get_untracked() {
                    archive.dispatch(workspace);
                }
            })
            on_cancel=Callback::new(move |_| to_archive.set(None))
        />
    }
}
