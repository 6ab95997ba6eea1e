use crate::api::{ApiError, OrgRole, User, WorkspaceMember, WorkspaceRole};
use crate::components::{explain, Choice, ColorDot, ConfirmDialog, Confirmation, ErrorPanel, ListView};
use crate::state::routes::{href, paths, use_url_query};
use crate::state::session::use_session;
use crate::state::toasts::use_toasts;
use crate::state::users::{every_page, Lookup, UserNames};
use crate::state::workspace::{use_workspaces, WorkspaceList};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::collections::HashSet;

/// How many matches the picker lists at once.
const MAX_MATCHES: usize = 8;

/// Which workspace the page shows.
#[derive(Clone, Debug, PartialEq)]
enum Target {
    Loading,
    Failed(ApiError),
    NoWorkspaces,
    Workspace(String),
}

/// The members of one workspace: `workspaces/:id`, or on `workspace` the active workspace. Lists
/// members with names and workspace roles (inherited ones locked, with why), changes roles,
/// removes after a confirmation, and adds people found by name or email.
#[component]
pub fn WorkspaceMembersPage() -> impl IntoView {
    let params = use_params_map();
    let workspaces = use_workspaces();
    let target = Memo::new(move |_| match params.with(|p| p.get("id")) {
        Some(id) => Target::Workspace(id),
        None => match workspaces.list() {
            WorkspaceList::Loading => Target::Loading,
            WorkspaceList::Failed(error) => Target::Failed(error),
            WorkspaceList::Loaded(_) => workspaces
                .active()
                .map_or(Target::NoWorkspaces, |w| Target::Workspace(w.id)),
        },
    });
    move || match target.get() {
        Target::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
        Target::Failed(error) => {
            view! { <ErrorPanel error on_retry=Callback::new(move |_| workspaces.reload()) /> }.into_any()
        }
        Target::NoWorkspaces => view! {
            <h1>"Workspace members"</h1>
            <p class="empty">
                "There are no active workspaces yet. "
                <a href=href(paths::WORKSPACES)>"Create one on the Workspaces page"</a>
            </p>
        }
        .into_any(),
        Target::Workspace(id) => view! { <Membership id /> }.into_any(),
    }
}

/// What is known of the workspace being shown.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Loading,
    Missing,
    Failed(ApiError),
    Ready { archived: bool },
}

/// One workspace's heading and members.
#[component]
fn Membership(id: String) -> impl IntoView {
    let session = use_session();
    let workspaces = use_workspaces();
    let workspace = LocalResource::new({
        let id = id.clone();
        move || {
            let known = workspaces.find(&id);
            let (id, client) = (id.clone(), session.client());
            async move {
                match known {
                    Some(w) => Ok(w),
                    None => client.workspace(&id).await,
                }
            }
        }
    });
    let shown = Memo::new(move |_| match workspace.get() {
        None | Some(Err(ApiError::Aborted)) => Shown::Loading,
        // A malformed id may be refused with 400 rather than 404.
        Some(Err(e)) if matches!(e.status(), Some(400 | 404)) => Shown::Missing,
        Some(Err(e)) => Shown::Failed(e),
        Some(Ok(w)) => Shown::Ready {
            archived: w.is_archived(),
        },
    });
    let name = Signal::derive(move || workspace.get().and_then(Result::ok).map(|w| w.name).unwrap_or_default());
    let heading = move || {
        workspace.get().and_then(Result::ok).map(|w| {
            view! {
                <h1>
                    <ColorDot color=w.display_color />
                    {w.name}
                </h1>
            }
        })
    };
    move || match shown.get() {
        Shown::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
        Shown::Missing => view! {
            <h1>"No such workspace"</h1>
            <p class="empty">
                "This organization has no workspace " <code>{id.clone()}</code> ". "
                <a href=href(paths::WORKSPACES)>"See all workspaces"</a>
            </p>
        }
        .into_any(),
        Shown::Failed(error) => {
            view! { <ErrorPanel error on_retry=Callback::new(move |_| workspace.refetch()) /> }.into_any()
        }
        Shown::Ready { archived } => view! {
            {heading}
            <p class="hint">"Workspace members"</p>
            {archived
                .then(|| {
                    view! {
                        <p class="notice" role="status">
                            "This workspace is archived: its membership can no longer change, so it is shown read-only."
                        </p>
                    }
                })}
            <MemberList workspace_id=id.clone() archived name />
        }
        .into_any(),
    }
}

/// A write to the membership.
#[derive(Clone)]
enum Change {
    Add(User, WorkspaceRole),
    Role(WorkspaceMember, String, WorkspaceRole),
    Remove(WorkspaceMember, String),
}

/// The members table, the picker that adds people, and the confirmation for removals.
#[component]
fn MemberList(workspace_id: String, archived: bool, #[prop(into)] name: Signal<String>) -> impl IntoView {
    let session = use_session();
    let url = use_url_query();
    let toasts = use_toasts();
    let names = UserNames::new();
    let workspace_id = StoredValue::new(workspace_id);

    let members = LocalResource::new(move || {
        let page = url.page_request();
        let (id, client) = (workspace_id.get_value(), session.client());
        async move { client.workspace_members(&id, &page).await }
    });
    // Every current member, once, for the picker to leave out; kept up to date by this page's writes.
    let member_ids = LocalResource::new(move || {
        let (id, client) = (workspace_id.get_value(), session.client());
        async move {
            let (id, client) = (&id, &client);
            let all = every_page(|page| async move { client.workspace_members(id, &page).await }).await?;
            Ok::<_, ApiError>(all.into_iter().map(|m| m.user_id).collect::<HashSet<_>>())
        }
    });
    if !archived {
        names.load_all();
    }

    // The picker's state, cleared once its person is added.
    let search = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<User>);
    let role = RwSignal::new(WorkspaceRole::WorkspaceUser);
    let to_remove = RwSignal::new(None::<(WorkspaceMember, String)>);

    let change = Action::new_local(move |change: &Change| {
        let change = change.clone();
        let (id, client) = (workspace_id.get_value(), session.client());
        async move {
            let workspace = name.get_untracked();
            let (result, done, failed) = match &change {
                Change::Add(user, role) => (
                    client.add_workspace_member(&id, &user.id, *role).await.map(drop),
                    format!("Added {} to “{workspace}” as {}.", user.name, role.label()),
                    format!("{} was not added", user.name),
                ),
                Change::Role(member, who, role) => (
                    client
                        .update_workspace_member(&id, &member.user_id, *role)
                        .await
                        .map(drop),
                    format!("{who} is now {} in “{workspace}”.", role.label()),
                    format!("The role of {who} did not change"),
                ),
                Change::Remove(member, who) => (
                    client.remove_workspace_member(&id, &member.user_id).await.map(drop),
                    format!("Removed {who} from “{workspace}”."),
                    format!("{who} was not removed"),
                ),
            };
            match result {
                Err(ApiError::Aborted) => return,
                Ok(()) => {
                    toasts.success(done);
                    match change {
                        Change::Add(user, _) => {
                            member_ids.update(|ids| {
                                if let Some(Ok(ids)) = ids {
                                    ids.insert(user.id);
                                }
                            });
                            chosen.set(None);
                            search.set(String::new());
                        }
                        Change::Remove(member, _) => {
                            member_ids.update(|ids| {
                                if let Some(Ok(ids)) = ids {
                                    ids.remove(&member.user_id);
                                }
                            });
                            to_remove.set(None);
                        }
                        Change::Role(..) => {}
                    }
                }
                // A failed role change reloads the list too, so each row shows the role it has.
                Err(error) => {
                    toasts.failure(format!("{failed}: {}", explain(&error)));
                    if matches!(change, Change::Remove(..)) {
                        to_remove.set(None);
                    }
                }
            }
            members.refetch();
        }
    });
    let busy = change.pending();

    let on_change = Callback::new(move |c: Change| {
        change.dispatch_local(c);
    });
    let on_remove = Callback::new(move |removal| to_remove.set(Some(removal)));
    let row = Callback::new(move |member: WorkspaceMember| {
        view! { <MemberRow member names archived busy on_change on_remove /> }.into_any()
    });
    let confirmation = Signal::derive(move || {
        to_remove.get().map(|(_, who)| {
            let workspace = name.get();
            Confirmation {
                title: format!("Remove {who} from “{workspace}”?"),
                message: format!(
                    "{who} will lose access to the workspace “{workspace}”. They stay a member of the organization."
                ),
                confirm_label: format!("Remove {who}"),
                type_to_confirm: None,
            }
        })
    });

    view! {
        {(!archived)
            .then(|| {
                view! {
                    <AddMember
                        names
                        member_ids=Signal::derive(move || member_ids.get())
                        search
                        chosen
                        role
                        busy
                        on_add=Callback::new(move |(user, role)| on_change.run(Change::Add(user, role)))
                        retry=Callback::new(move |_| {
                            names.load_all();
                            member_ids.refetch();
                        })
                    />
                }
            })}
        <ListView
            caption="Workspace members"
            columns=vec!["Name", "Email", "Workspace role", "Actions"]
            resource=members
            row
            empty=ViewFn::from(move || {
                if archived {
                    "This workspace had no members when it was archived."
                } else {
                    "This workspace has no members yet: add people with the form above."
                }
            })
        />
        <ConfirmDialog
            request=confirmation
            pending=busy
            on_confirm=Callback::new(move |_| {
                if let Some((member, who)) = to_remove.get_untracked() {
                    on_change.run(Change::Remove(member, who));
                }
            })
            on_cancel=Callback::new(move |_| to_remove.set(None))
        />
    }
}

/// Why an inherited member is locked.
const ADMIN_LOCK: &str = "Organization admin: admins are workspace admins everywhere";
const BILLING_LOCK: &str =
    "Billing member: billing members are in every workspace and cannot be removed; they can be raised to admin";

/// One member as a table row: who they are, their role (a choice, or locked with why), and removal.
#[component]
fn MemberRow(
    member: WorkspaceMember,
    names: UserNames,
    archived: bool,
    #[prop(into)] busy: Signal<bool>,
    on_change: Callback<Change>,
    on_remove: Callback<(WorkspaceMember, String)>,
) -> impl IntoView {
    let member = StoredValue::new(member);
    let user_id = member.with_value(|m| m.user_id.clone());
    let lookup = Memo::new({
        let user_id = user_id.clone();
        move |_| names.lookup(&user_id)
    });
    let who = move || names.name(&member.with_value(|m| m.user_id.clone()));
    let name_cell = move || match lookup.get() {
        Lookup::Found(user) => user.name.into_any(),
        _ => view! { <code>{member.with_value(|m| m.user_id.clone())}</code> }.into_any(),
    };
    let email_cell = move || match lookup.get() {
        Lookup::Found(user) => user.email,
        _ => String::new(),
    };
    let current = member.with_value(|m| m.workspace_role);
    let role_and_actions = move || {
        let org_role = match lookup.get() {
            Lookup::Found(user) => Some(user.role),
            Lookup::Failed => None,
            // Until we know who this is, we do not know whether they are locked.
            Lookup::Pending if !archived => {
                return view! { <td>{current.label()}</td> <td></td> }.into_any();
            }
            Lookup::Pending => None,
        };
        let billing = org_role == Some(OrgRole::Billing) || current == WorkspaceRole::WorkspaceBilling;
        if archived {
            view! { <td>{current.label()}</td> <td></td> }.into_any()
        } else if org_role == Some(OrgRole::Admin) {
            view! {
                <td>
                    {current.label()} <span class="lock-reason">{ADMIN_LOCK}</span>
                </td>
                <td></td>
            }
            .into_any()
        } else if billing {
            let (next, label) = if current == WorkspaceRole::WorkspaceAdmin {
                (WorkspaceRole::WorkspaceBilling, "Back to billing")
            } else {
                (WorkspaceRole::WorkspaceAdmin, "Make admin")
            };
            view! {
                <td>
                    {current.label()} <span class="lock-reason">{BILLING_LOCK}</span>
                </td>
                <td>
                    <div class="actions">
                        <button
                            type="button"
                            class="secondary"
                            aria-label=move || format!("{label}: {}", who())
                            disabled=busy
                            on:click=move |_| on_change.run(Change::Role(member.get_value(), who(), next))
                        >
                            {label}
                        </button>
                    </div>
                </td>
            }
            .into_any()
        } else {
            let choices = WorkspaceRole::ASSIGNABLE
                .map(|r| (r.as_str().to_owned(), r.label().to_owned()))
                .to_vec();
            view! {
                <td>
                    <Choice
                        label=format!("Workspace role of {}", who())
                        hide_label=true
                        choices
                        selected=Signal::derive(move || current.as_str().to_owned())
                        disabled=busy
                        on_change=Callback::new(move |value: String| {
                            if let Some(role) = WorkspaceRole::parse(&value).filter(|r| *r != current) {
                                on_change.run(Change::Role(member.get_value(), who(), role));
                            }
                        })
                    />
                </td>
                <td>
                    <div class="actions">
                        <button
                            type="button"
                            class="secondary"
                            aria-label=move || format!("Remove {}", who())
                            disabled=busy
                            on:click=move |_| on_remove.run((member.get_value(), who()))
                        >
                            "Remove"
                        </button>
                    </div>
                </td>
            }
            .into_any()
        }
    };
    view! {
        <tr data-user-id=user_id>
            <td>{name_cell}</td>
            <td>{email_cell}</td>
            {role_and_actions}
        </tr>
    }
}

/// Adds a person: search the organization by name or email (current members left out), pick
/// one, choose a role, "Add".
#[component]
fn AddMember(
    names: UserNames,
    #[prop(into)] member_ids: Signal<Option<Result<HashSet<String>, ApiError>>>,
    search: RwSignal<String>,
    chosen: RwSignal<Option<User>>,
    role: RwSignal<WorkspaceRole>,
    #[prop(into)] busy: Signal<bool>,
    on_add: Callback<(User, WorkspaceRole)>,
    retry: Callback<()>,
) -> impl IntoView {
    let results = move || {
        let users = match (names.all(), member_ids.get()) {
            (Some(Err(error)), _) | (_, Some(Err(error))) => {
                return view! { <ErrorPanel error on_retry=retry /> }.into_any();
            }
            (Some(Ok(users)), Some(Ok(ids))) => (users, ids),
            _ => return view! { <p class="loading" role="status">"Loading people…"</p> }.into_any(),
        };
        let (users, ids) = users;
        let needle = search.get().trim().to_lowercase();
        if needle.is_empty() {
            return view! { <p class="hint">"Type part of a name or an email address."</p> }.into_any();
        }
        let matches: Vec<User> = users
            .into_iter()
            .filter(|u| !ids.contains(&u.id))
            .filter(|u| u.name.to_lowercase().contains(&needle) || u.email.to_lowercase().contains(&needle))
            .collect();
        if matches.is_empty() {
            return view! { <p class="hint">"Nobody outside this workspace matches."</p> }.into_any();
        }
        let more = matches.len().saturating_sub(MAX_MATCHES);
        view! {
            <ul class="picker-results" aria-label="Matching people">
                {matches
                    .into_iter()
                    .take(MAX_MATCHES)
                    .map(|user| {
                        let id = user.id.clone();
                        let is_chosen = move || chosen.with(|c| c.as_ref().is_some_and(|c| c.id == id));
                        let label = format!("{} ({})", user.name, user.email);
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="link"
                                    aria-pressed=move || is_chosen().to_string()
                                    on:click=move |_| chosen.set(Some(user.clone()))
                                >
                                    {label}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(more > 0).then(|| view! { <p class="hint">{format!("{more} more: type more to narrow the search.")}</p> })}
        }
        .into_any()
    };
    let choices = WorkspaceRole::ASSIGNABLE
        .map(|r| (r.as_str().to_owned(), r.label().to_owned()))
        .to_vec();
    view! {
        <form
            class="card add-member"
            on:submit=move |ev| {
                ev.prevent_default();
                if let Some(user) = chosen.get_untracked() {
                    on_add.run((user, role.get_untracked()));
                }
            }
        >
            <h2>"Add a member"</h2>
            <label for="member-search">"Find a person by name or email"</label>
            <input id="member-search" type="search" autocomplete="off" bind:value=search />
            {results}
            <p class="chosen" role="status">
                {move || match chosen.get() {
                    Some(user) => format!("Selected: {} ({})", user.name, user.email),
                    None => "Nobody selected yet.".to_owned(),
                }}
            </p>
            <div class="toolbar">
                <Choice
                    label="Workspace role".to_owned()
                    choices
                    selected=Signal::derive(move || role.get().as_str().to_owned())
                    on_change=Callback::new(move |value: String| {
                        if let Some(r) = WorkspaceRole::parse(&value) {
                            role.set(r);
                        }
                    })
                />
                <button type="submit" disabled=move || busy.get() || chosen.with(Option::is_none)>
                    "Add"
                </button>
            </div>
        </form>
    }
}
