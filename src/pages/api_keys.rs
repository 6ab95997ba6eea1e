use crate::api::{every_page, ApiError, ApiKey, ApiKeyFilter, ApiKeyStatus, ApiKeyUpdate, Label, Principal, WireName};
use crate::components::text::fold_case;
use crate::components::{
    explain, list_selection, select_cell, BatchPanel, Choice, ColorDot, ConfirmDialog, Confirmation, DateText,
    InlineRename, ListView, RelativeTime, RenameBox, RenameButton, Renames,
};
use crate::state::batch::{Plan, PlanItem};
use crate::state::queries::{use_queries, Queries};
use crate::state::selection::{Selectable, Selection};
use crate::state::session::use_session;
use crate::state::toasts::use_toasts;
use crate::state::url::use_url_query;
use crate::state::users::UserNames;
use crate::state::workspace::{use_workspaces, WorkspaceList};
use leptos::prelude::*;

/// The longest name an API key may have.
const MAX_NAME: usize = 500;
/// Who made a key with `created_by: null`.
const NO_CREATOR: &str = "Unknown creator (a legacy or system key)";

/// A change to one key: rename it (closing the row's rename box on success) or give it a status.
#[derive(Clone)]
enum Change {
    Rename(String, InlineRename),
    Status(ApiKeyStatus),
}

/// A key's name as typed, trimmed: 1 to [`MAX_NAME`] characters.
fn checked_key_name(typed: &str) -> Result<String, String> {
    let name = typed.trim();
    match name.chars().count() {
        1..=MAX_NAME => Ok(name.to_owned()),
        length => Err(format!(
            "A key's name has 1 to {MAX_NAME} characters (this one has {length})."
        )),
    }
}

impl Selectable for ApiKey {
    fn selection_id(&self) -> &str {
        &self.id
    }

    fn selection_name(&self) -> String {
        self.name.clone()
    }

    fn cannot_select(&self) -> Option<&'static str> {
        match self.status {
            ApiKeyStatus::Archived => Some("archived keys cannot change"),
            ApiKeyStatus::Unknown(_) => Some("a status this console does not know"),
            _ => None,
        }
    }
}

/// "1 API key", "3 API keys".
fn keys_count(count: usize) -> String {
    match count {
        1 => "1 API key".to_owned(),
        n => format!("{n} API keys"),
    }
}

/// The plan that gives each of `keys` the status `target`: a key already there, or that the
/// contract does not let go there (an expired key can only be archived), is skipped and says
/// why. Each write is read back by the key's status if its answer is lost; the lists are asked
/// again once, at the end.
fn status_plan(keys: Vec<ApiKey>, target: ApiKeyStatus, queries: Queries) -> Plan {
    let verb = match target {
        ApiKeyStatus::Active => "Activate",
        ApiKeyStatus::Inactive => "Deactivate",
        _ => "Archive",
    };
    let title = format!("{verb} {}", keys_count(keys.len()));
    let items = keys
        .into_iter()
        .map(|key| {
            let what = format!("API key “{}”", key.name);
            let change = format!("{} → {}", key.status.label(), target.label());
            if key.status == target {
                let why = format!("already {}", target.label().to_lowercase());
                return PlanItem::skipped(key.id, what, change, why);
            }
            if !key.status.next().contains(&target) {
                let why = format!(
                    "an {} key cannot become {}",
                    key.status.label().to_lowercase(),
                    target.label().to_lowercase()
                );
                return PlanItem::skipped(key.id, what, change, why);
            }
            let (id, update) = (
                key.id.clone(),
                ApiKeyUpdate {
                    name: None,
                    status: Some(target),
                },
            );
            let read_id = key.id.clone();
            PlanItem::new(key.id.clone(), what, change, move |client| {
                client.update_api_key(&id, &update)
            })
            .about(&key)
            .read_back(move |client| client.api_key(&read_id), move |now| now.status == target)
        })
        .collect();
    let plan = Plan::new(title, items).on_finished(move || queries.api_keys_changed());
    if target == ApiKeyStatus::Archived {
        plan.destructive()
    } else {
        plan
    }
}

/// The API keys page: the organization's inference keys, filtered by status, workspace and
/// creator (kept in the URL), each shown with its workspace and creator by name; rename a key
/// inline, deactivate or activate it, archive it after a confirmation. Keys can be selected
/// (across pages, or every key of the filter) and deactivated, activated or archived together,
/// through the plan and results of the batch panel.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let session = use_session();
    let url = use_url_query();
    let toasts = use_toasts();
    let names = UserNames::new();
    names.load_all();

    let queries = use_queries();
    let filter = move || ApiKeyFilter {
        status: url.get("status").and_then(|s| ApiKeyStatus::parse(&s)),
        workspace_id: url.get("workspace_id"),
        created_by_user_id: url.get("created_by"),
    };
    let keys = queries.api_keys(move || (url.page_request(), filter()));

    // --- Selection and bulk changes.
    let selected = Selection::<ApiKey>::new().with_matching(
        move || {
            let (client, filter) = (session.client(), filter());
            Box::pin(async move { client.count_api_keys(&filter).await })
        },
        move || {
            let (client, filter) = (session.client(), filter());
            Box::pin(async move { every_page(|page| client.api_keys(&page, &filter)).await })
        },
    );
    let bulk = RwSignal::new_local(None::<Plan>);
    let bulk_button = move |label: &'static str, target: ApiKeyStatus| {
        let class = if target == ApiKeyStatus::Archived {
            "danger"
        } else {
            "secondary"
        };
        view! {
            <button
                type="button"
                class=class
                disabled=move || selected.is_empty() || bulk.with(Option::is_some)
                on:click=move |_| bulk.set(Some(status_plan(selected.items(), target, queries)))
            >
                {label}
            </button>
        }
    };
    let bulk_actions = ViewFn::from(move || {
        view! {
            {bulk_button("Deactivate", ApiKeyStatus::Inactive)}
            {bulk_button("Activate", ApiKeyStatus::Active)}
            {bulk_button("Archive", ApiKeyStatus::Archived)}
        }
    });

    let to_archive = RwSignal::new(None::<ApiKey>);
    let change = Action::new_local(move |(key, change): &(ApiKey, Change)| {
        let (key, change) = (key.clone(), change.clone());
        let client = session.client().about(&key);
        async move {
            let update = match &change {
                Change::Rename(name, _) => ApiKeyUpdate {
                    name: Some(name.clone()),
                    status: None,
                },
                Change::Status(status) => ApiKeyUpdate {
                    name: None,
                    status: Some(*status),
                },
            };
            let result = client.update_api_key(&key.id, &update).await;
            if matches!(result, Err(ApiError::Aborted)) {
                return;
            }
            if matches!(change, Change::Status(ApiKeyStatus::Archived)) {
                to_archive.set(None);
            }
            match result {
                Ok(updated) => {
                    toasts.success(match change {
                        Change::Rename(_, rename) => {
                            rename.close();
                            format!("Renamed “{}” to “{}”.", key.name, updated.name)
                        }
                        Change::Status(ApiKeyStatus::Active) => format!("Activated “{}”.", key.name),
                        Change::Status(ApiKeyStatus::Inactive) => format!("Deactivated “{}”.", key.name),
                        Change::Status(_) => format!("Archived “{}”.", key.name),
                    });
                    queries.api_keys_changed();
                }
                Err(error) => toasts.failure(format!("“{}” was not changed: {}", key.name, explain(&error))),
            }
        }
    });
    let busy = change.pending();

    let on_change = Callback::new(move |c| {
        change.dispatch(c);
    });
    let on_archive = Callback::new(move |key| to_archive.set(Some(key)));
    let workspaces = use_workspaces();
    let renames = Renames::new();
    // Names are read here, tracked by the list's row: it is drawn again when they arrive.
    let row = Callback::new(move |key: ApiKey| {
        let rename = renames.of(&key.id);
        let (dot, workspace) = match &key.workspace_id {
            None => (None, "Default workspace".to_owned()),
            Some(id) => match workspaces.find(id) {
                Some(w) => (Some(w.display_color), w.name),
                None => (None, id.clone()),
            },
        };
        let creator = match &key.created_by {
            Some(creator) => names.name(&creator.id),
            None => NO_CREATOR.to_owned(),
        };
        let select = select_cell(selected, &key);
        view! { <KeyRow key select rename dot workspace creator busy on_change on_archive /> }.into_any()
    });
    let confirmation = Signal::derive(move || {
        to_archive.get().map(|key| Confirmation {
            title: format!("Archive the key “{}”?", key.name),
            message: format!(
                "Archiving is final: “{}” will stop working for good and can never be activated again.",
                key.name
            ),
            confirm_label: format!("Archive “{}”", key.name),
            type_to_confirm: None,
        })
    });

    view! {
        <h1>"API keys"</h1>
        <p class="hint">"The organization's API keys. They are created in the Console; here you can rename, pause and archive them."</p>
        <Filters names />
        <BatchPanel plan=bulk on_apply=Callback::new(move |_| selected.clear()) />
        <ListView
            caption="API keys"
            columns=vec!["Name", "Key", "Workspace", "Created by", "Created", "Expires", "Status", "Actions"]
            resource=keys
            selection=list_selection(keys, selected)
            bulk_actions
            row
            empty=ViewFn::from(move || {
                if url.get("status").is_some() || url.get("workspace_id").is_some() || url.get("created_by").is_some() {
                    "No API key matches these filters: choose other filters, or “Any” to see every key."
                } else {
                    "This organization has no API keys yet: keys are created in the Console, then appear here."
                }
            })
        />
        <ConfirmDialog
            request=confirmation
            pending=busy
            on_confirm=Callback::new(move |_| {
                if let Some(key) = to_archive.get_untracked() {
                    change.dispatch((key, Change::Status(ApiKeyStatus::Archived)));
                }
            })
            on_cancel=Callback::new(move |_| to_archive.set(None))
        />
    }
}

/// The list's filters: status, workspace and creator, each kept in the URL.
#[component]
fn Filters(names: UserNames) -> impl IntoView {
    let url = use_url_query();
    let workspaces = use_workspaces();
    let param = move |key: &'static str| Signal::derive(move || url.get(key).unwrap_or_default());
    let set = move |key: &'static str| {
        Callback::new(move |value: String| url.set_one(key, Some(value).filter(|v| !v.is_empty())))
    };
    let statuses = std::iter::once((String::new(), "Any status".to_owned()))
        .chain(ApiKeyStatus::ALL.map(|s| (s.as_str().to_owned(), s.label().to_owned())))
        .collect();
    let workspace_choice = move || {
        let mut choices = vec![(String::new(), "Any workspace".to_owned())];
        let all = match workspaces.list() {
            WorkspaceList::Loaded(all) => all,
            _ => Vec::new(),
        };
        for w in all {
            let label = if w.is_archived() {
                format!("{} (archived)", w.name)
            } else {
                w.name
            };
            choices.push((w.id, label));
        }
        view! { <Choice label="Workspace".to_owned() choices selected=param("workspace_id") on_change=set("workspace_id") /> }
    };
    let creator_choice = move || {
        let mut choices = vec![(String::new(), "Anyone".to_owned())];
        let mut users = names.all().and_then(Result::ok).unwrap_or_default();
        users.sort_by_cached_key(|u| fold_case(&u.name));
        let chosen = url.get("created_by");
        if let Some(id) = chosen.filter(|id| !users.iter().any(|u| &u.id == id)) {
            choices.push((id.clone(), id));
        }
        choices.extend(users.into_iter().map(|u| (u.id, format!("{} ({})", u.name, u.email))));
        view! { <Choice label="Created by".to_owned() choices selected=param("created_by") on_change=set("created_by") /> }
    };
    view! {
        <div class="toolbar">
            <Choice label="Status".to_owned() choices=statuses selected=param("status") on_change=set("status") />
            {workspace_choice}
            {creator_choice}
        </div>
    }
}

/// One key as a table row: inline rename, status buttons, archive.
#[component]
fn KeyRow(
    key: ApiKey,
    /// The row's checkbox cell, first.
    select: AnyView,
    /// The key's rename, kept by the page across redraws.
    rename: InlineRename,
    /// The workspace's color dot, if it is known, and its name (else its id).
    dot: Option<Option<String>>,
    workspace: String,
    /// The creator's name (else their id).
    creator: String,
    #[prop(into)] busy: Signal<bool>,
    on_change: Callback<(ApiKey, Change)>,
    on_archive: Callback<ApiKey>,
) -> impl IntoView {
    let key = StoredValue::new(key);
    let field = move |pick: fn(&ApiKey) -> String| key.with_value(pick);
    let save = Callback::new(move |name: String| on_change.run((key.get_value(), Change::Rename(name, rename))));

    let status = key.with_value(|k| k.status);
    let name = field(|k| k.name.clone());
    // What the contract allows from this status: an expired key may only be archived, an
    // archived one (or one in a status this console does not know) offers nothing.
    let next = status.next();
    let status_buttons = next
        .iter()
        .filter(|next| **next != ApiKeyStatus::Archived)
        .map(|&next| {
            let label = if next == ApiKeyStatus::Active {
                "Activate"
            } else {
                "Deactivate"
            };
            view! {
                <button
                    type="button"
                    class="secondary"
                    aria-label=format!("{label} “{name}”")
                    disabled=busy
                    on:click=move |_| on_change.run((key.get_value(), Change::Status(next)))
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    let actions = (!next.is_empty()).then(|| {
        view! {
            <div class="actions" hidden=move || rename.is_editing()>
                <RenameButton rename name=name.clone() label=format!("“{name}”") />
                {status_buttons}
                <button
                    type="button"
                    class="secondary"
                    aria-label=format!("Archive “{name}”")
                    disabled=busy
                    on:click=move |_| on_archive.run(key.get_value())
                >
                    "Archive"
                </button>
            </div>
        }
    });
    let hint = key.with_value(|k| k.partial_key_hint.clone());
    let service_account = key.with_value(|k| match &k.principal {
        Some(Principal::ServiceAccountActor { service_account_id }) => Some(service_account_id.clone()),
        _ => None,
    });
    let expires = field(|k| k.expires_at.clone().unwrap_or_default());
    view! {
        <tr data-key-id=field(|k| k.id.clone())>
            {select}
            <td class="key-name">
                <RenameBox rename label=format!("“{}”", field(|k| k.name.clone())) check=checked_key_name busy on_save=save>
                    {field(|k| k.name.clone())}
                </RenameBox>
            </td>
            <td>
                {match hint {
                    Some(hint) => view! { <code>{hint}</code> }.into_any(),
                    None => view! { <span class="hint">"No hint"</span> }.into_any(),
                }}
            </td>
            <td>{dot.map(|color| view! { <ColorDot color /> })} {workspace}</td>
            <td>
                {creator}
                {service_account
                    .map(|id| {
                        view! {
                            <span class="hint principal">
                                " · acts as service account " <code>{id}</code>
                            </span>
                        }
                    })}
            </td>
            <td>
                <DateText time=field(|k| k.created_at.clone()) />
            </td>
            <td class="key-expiry">
                {if expires.is_empty() {
                    view! { <span class="hint">"Never"</span> }.into_any()
                } else {
                    view! { <RelativeTime time=expires /> }.into_any()
                }}
            </td>
            <td>
                <span class=format!("key-status key-status-{}", status.as_str())>{status.label()}</span>
            </td>
            <td>{actions}</td>
        </tr>
    }
}
