use crate::api::{
    every_page, ApiError, Label, OrgRole, Subject, User, WireName, Workspace, WorkspaceMember, WorkspaceRole,
    WorkspaceUpdate,
};
use crate::components::text::{fold_case, split_emails};
use crate::components::{
    explain, list_selection, select_cell, Alert, BatchPanel, Choice, ColorDot, ConfirmDialog, Confirmation, ErrorPanel,
    ListView, RoleChoice, SettingsDraft, WorkspaceSettingsFields, WorkspaceSettingsSummary,
};
use crate::state::batch::{Plan, PlanItem};
use crate::state::queries::{use_queries, Queries};
use crate::state::selection::{Selectable, Selection};
use crate::state::session::use_session;
use crate::state::toasts::use_toasts;
use crate::state::url::{href, paths, use_url_query};
use crate::state::users::{Lookup, UserNames};
use crate::state::workspace::{use_workspaces, WorkspaceList};
use leptos::prelude::*;
use std::collections::HashSet;

/// How many matches the picker lists at once.
const MAX_MATCHES: usize = 8;

/// The members of one workspace: `workspaces/:id` (`id`), or on `workspace` (no `id`) the active
/// workspace. Lists members with names and workspace roles (inherited ones locked, with why),
/// changes roles, removes after a confirmation, and adds people found by name or email. Members
/// can be selected and given a role or removed together, and many people added at once (picked
/// or pasted emails), through the batch panel.
#[component]
pub fn WorkspaceMembersPage(id: Option<String>) -> impl IntoView {
    let workspaces = use_workspaces();
    // The workspace asked for: `Ok(None)` while the active one is not known yet.
    let wanted = Memo::new(move |_| match &id {
        Some(id) => Ok(Some(id.clone())),
        None => match workspaces.list() {
            WorkspaceList::Loading => Ok(None),
            WorkspaceList::Failed(error) => Err(error),
            WorkspaceList::Loaded(_) => Ok(Some(workspaces.active().map(|w| w.id).unwrap_or_default())),
        },
    });
    move || match wanted.get() {
        Err(error) => view! { <ErrorPanel error on_retry=Callback::new(move |_| workspaces.reload()) /> }.into_any(),
        Ok(None) => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
        Ok(Some(id)) if id.is_empty() => view! {
            <h1>"Workspace members"</h1>
            <p class="empty">
                "There are no active workspaces yet. "
                <a href=href(paths::WORKSPACES)>"Create one on the Workspaces page"</a>
            </p>
        }
        .into_any(),
        Ok(Some(id)) => view! { <Membership id /> }.into_any(),
    }
}

/// One workspace's heading and members.
#[component]
fn Membership(id: String) -> impl IntoView {
    let session = use_session();
    let workspaces = use_workspaces();
    let id = StoredValue::new(id);
    // The workspace (known to the switcher's list, else asked for), and once, for the picker to
    // leave out, every current member; this page's writes keep that set up to date.
    let workspace = LocalResource::new(move || {
        let known = id.with_value(|id| workspaces.find(id));
        let (id, client) = (id.get_value(), session.client());
        async move {
            let workspace = match known {
                Some(w) => w,
                None => client.workspace(&id).await?,
            };
            let mut members = Vec::new();
            if !workspace.is_archived() {
                let (id, client) = (&id, &client);
                members = every_page(|page| client.workspace_members(id, &page)).await?;
            }
            Ok::<_, ApiError>((
                workspace,
                members.into_iter().map(|m| m.user_id).collect::<HashSet<_>>(),
            ))
        }
    });
    let shown = Memo::new(move |_| workspace.get().map(|r| r.map(|(w, _)| w)));
    move || match shown.get() {
        Some(Ok(details)) => view! {
            <h1>
                <ColorDot color=details.display_color.clone() />
                {details.name.clone()}
            </h1>
            <WorkspaceDetails workspace=details.clone() on_saved=Callback::new(move |_| workspace.refetch()) />
            <p class="hint">"Workspace members"</p>
            {details
                .is_archived()
                .then(|| {
                    view! {
                        <p class="notice" role="status">
                            "This workspace is archived: its membership can no longer change, so it is shown read-only."
                        </p>
                    }
                })}
            <MemberList
                workspace_id=id.get_value()
                workspace_name=details.name.clone()
                archived=details.is_archived()
                workspace
            />
        }
        .into_any(),
        // A malformed id may be refused with 400 rather than 404.
        Some(Err(error)) if matches!(error.status(), Some(400 | 404)) => view! {
            <h1>"No such workspace"</h1>
            <p class="empty">
                "This organization has no workspace " <code>{id.get_value()}</code> ". "
                <a href=href(paths::WORKSPACES)>"See all workspaces"</a>
            </p>
        }
        .into_any(),
        Some(Err(error)) if error != ApiError::Aborted => {
            view! { <ErrorPanel error on_retry=Callback::new(move |_| workspace.refetch()) /> }.into_any()
        }
        _ => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
    }
}

/// The workspace's data residency and tags, and (unless it is archived) a form to change them
/// that keeps what was typed when the change fails.
#[component]
fn WorkspaceDetails(workspace: Workspace, on_saved: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let queries = use_queries();
    let archived = workspace.is_archived();
    let workspace = StoredValue::new(workspace);
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(workspace.with_value(SettingsDraft::of_workspace));
    let error = RwSignal::new(None::<(String, Option<String>)>);
    let save = Action::new_local(move |update: &WorkspaceUpdate| {
        let update = update.clone();
        let (client, workspace) = (session.client().about(&workspace.get_value()), workspace.get_value());
        async move {
            match client.update_workspace(&workspace.id, &update).await {
                Ok(_) => {
                    toasts.success(format!("Saved the settings of “{}”", workspace.name));
                    editing.try_set(false);
                    queries.workspaces_changed();
                    on_saved.run(());
                }
                Err(ApiError::Aborted) => {}
                Err(e) => {
                    error.try_set(Some((explain(&e), e.request_id().map(str::to_owned))));
                }
            }
        }
    });
    let saving = save.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let settings = draft.get_untracked();
        let update = workspace.with_value(|w| {
            Ok::<_, String>(WorkspaceUpdate {
                data_residency: Some(settings.residency_choice()?),
                tags: Some(settings.tag_changes(&w.tags)?),
                ..Default::default()
            })
        });
        match update {
            Ok(update) => {
                error.set(None);
                save.dispatch(update);
            }
            Err(why) => error.set(Some((why, None))),
        }
    };
    view! {
        <section class="card workspace-details" aria-label="Data residency and tags">
            <Show
                when=move || editing.get()
                fallback=move || {
                    view! {
                        <WorkspaceSettingsSummary workspace=workspace.get_value() />
                        {(!archived)
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="secondary"
                                        on:click=move |_| {
                                            draft.set(workspace.with_value(SettingsDraft::of_workspace));
                                            error.set(None);
                                            editing.set(true);
                                        }
                                    >
                                        "Edit data residency and tags"
                                    </button>
                                }
                            })}
                    }
                }
            >
                <form novalidate on:submit=on_submit>
                    <WorkspaceSettingsFields draft disabled=saving />
                    {move || error.get().map(|(message, request_id)| view! { <Alert message request_id /> })}
                    <div class="actions">
                        <button type="submit" disabled=saving>
                            "Save"
                        </button>
                        <button type="button" class="secondary" disabled=saving on:click=move |_| editing.set(false)>
                            "Cancel"
                        </button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// A write to the membership.
#[derive(Clone)]
enum Change {
    Add(User, WorkspaceRole),
    Role(WorkspaceMember, String, WorkspaceRole),
    Remove(WorkspaceMember, String),
}

/// The workspace with every current member's id, as [`Membership`] loads it.
type Loaded = LocalResource<Result<(Workspace, HashSet<String>), ApiError>>;

/// The members table, the picker that adds people, and the confirmation for removals.
#[component]
fn MemberList(workspace_id: String, workspace_name: String, archived: bool, workspace: Loaded) -> impl IntoView {
    let session = use_session();
    let url = use_url_query();
    let toasts = use_toasts();
    let names = UserNames::new();
    let workspace_id = StoredValue::new(workspace_id);
    let name = StoredValue::new(workspace_name);

    let queries = use_queries();
    let members = queries.workspace_members(move || (workspace_id.get_value(), url.page_request()));
    let update_ids = move |change: &dyn Fn(&mut HashSet<String>)| {
        workspace.update(|loaded| {
            if let Some(Ok((_, ids))) = loaded {
                change(ids);
            }
        })
    };
    if !archived {
        names.load_all();
    }

    // The picker's state, cleared once its people are added.
    let search = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<User>::new());
    let pasted = RwSignal::new(String::new());
    let role = RwSignal::new(WorkspaceRole::WorkspaceUser);
    let to_remove = RwSignal::new(None::<(WorkspaceMember, String)>);

    let change = Action::new_local(move |change: &Change| {
        let change = change.clone();
        let (id, client) = (workspace_id.get_value(), session.client());
        // The person by name in the journal, and their role before a change.
        let client = match &change {
            Change::Add(user, _) => client.about(Subject::default().called(user.name.clone())),
            Change::Role(member, who, _) | Change::Remove(member, who) => {
                client.about(Subject::from(member).called(who.clone()))
            }
        };
        async move {
            let workspace = name.get_value();
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
                            update_ids(&|ids| {
                                ids.insert(user.id.clone());
                            });
                            chosen.set(Vec::new());
                            search.set(String::new());
                        }
                        Change::Remove(member, _) => {
                            update_ids(&|ids| {
                                ids.remove(&member.user_id);
                            });
                            to_remove.set(None);
                        }
                        Change::Role(..) => {}
                    }
                }
                Err(error) => {
                    toasts.failure(format!("{failed}: {}", explain(&error)));
                    if matches!(change, Change::Remove(..)) {
                        to_remove.set(None);
                    }
                    // A refused role change leaves the chosen role in its row, to save again or
                    // cancel: the list is drawn again only when the member is gone.
                    if matches!(change, Change::Role(..)) && error.status() != Some(404) {
                        return;
                    }
                }
            }
            queries.workspace_members_changed(&id);
        }
    });
    let busy = Signal::from(change.pending());

    let on_change = Callback::new(move |c: Change| {
        change.dispatch(c);
    });
    let on_remove = Callback::new(move |removal| to_remove.set(Some(removal)));

    // --- Selection and bulk changes, and adding many people at once: plans for the batch panel.
    let plans = WorkspacePlans {
        id: workspace_id,
        name,
        names,
        queries,
        loaded: workspace,
    };
    let selected = Selection::<WorkspaceMember>::new()
        .with_lock(move |member| {
            if archived {
                Some("the workspace is archived")
            } else {
                bulk_lock(&names.lookup(&member.user_id))
            }
        })
        .named(move |member| match names.lookup(&member.user_id) {
            Lookup::Found(user) => user.name,
            _ => member.user_id.clone(),
        })
        .with_matching(
            move || {
                let (client, id) = (session.client(), workspace_id.get_value());
                Box::pin(async move {
                    every_page(|page| client.workspace_members(&id, &page))
                        .await
                        .map(|all| all.len())
                })
            },
            move || {
                let (client, id) = (session.client(), workspace_id.get_value());
                Box::pin(async move { every_page(|page| client.workspace_members(&id, &page)).await })
            },
        );
    let bulk = RwSignal::new_local(None::<Plan>);
    // Whether the plan shown adds people (applying it empties the picker) or changes the selection.
    let adding = RwSignal::new(false);
    let bulk_role = RwSignal::new(WorkspaceRole::WorkspaceUser);
    let bulk_idle = move || selected.is_empty() || bulk.with(Option::is_some);
    let show_plan = move |plan: Plan, adds: bool| {
        adding.set(adds);
        bulk.set(Some(plan));
    };
    let bulk_actions = ViewFn::from(move || {
        view! {
            <Choice
                label="New role".to_owned()
                choices=WorkspaceRole::ASSIGNABLE.map(|r| (r.as_str().to_owned(), r.label().to_owned())).to_vec()
                selected=Signal::derive(move || bulk_role.get().as_str().to_owned())
                on_change=Callback::new(move |value: String| {
                    if let Some(role) = WorkspaceRole::parse(&value) {
                        bulk_role.set(role);
                    }
                })
            />
            <button
                type="button"
                class="secondary"
                disabled=bulk_idle
                on:click=move |_| show_plan(plans.change_role(selected.items(), bulk_role.get_untracked()), false)
            >
                "Change role"
            </button>
            <button
                type="button"
                class="danger"
                disabled=bulk_idle
                on:click=move |_| show_plan(plans.remove(selected.items()), false)
            >
                "Remove"
            </button>
        }
    });
    let on_add_many = Callback::new(move |(users, emails, role): (Vec<User>, Vec<String>, WorkspaceRole)| {
        let ids = workspace
            .get_untracked()
            .and_then(Result::ok)
            .map(|(_, ids)| ids)
            .unwrap_or_default();
        show_plan(plans.add(users, emails, role, &ids), true);
    });
    let on_apply = Callback::new(move |_| {
        if adding.get_untracked() {
            chosen.set(Vec::new());
            pasted.set(String::new());
            search.set(String::new());
        } else {
            selected.clear();
        }
    });

    let row = Callback::new(move |member: WorkspaceMember| {
        let select = select_cell(selected, &member);
        member_row(member, select, names, archived, busy, on_change, on_remove)
    });
    let confirmation = Signal::derive(move || {
        to_remove.get().map(|(_, who)| {
            let workspace = name.get_value();
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
                        member_ids=Signal::derive(move || workspace.get().map(|r| r.map(|(_, ids)| ids)))
                        search
                        chosen
                        pasted
                        role
                        busy=Signal::derive(move || busy.get() || bulk.with(Option::is_some))
                        on_add=Callback::new(move |(user, role)| on_change.run(Change::Add(user, role)))
                        on_add_many
                        retry=Callback::new(move |_| {
                            names.load_all();
                            workspace.refetch();
                        })
                    />
                }
            })}
        <BatchPanel plan=bulk on_apply />
        <ListView
            caption="Workspace members"
            columns=vec!["Name", "Email", "Workspace role", "Actions"]
            resource=members
            selection=list_selection(members, selected)
            bulk_actions
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

impl Selectable for WorkspaceMember {
    fn selection_id(&self) -> &str {
        &self.user_id
    }

    /// The user's id: the page names the person ([`Selection::named`]).
    fn selection_name(&self) -> String {
        self.user_id.clone()
    }

    fn cannot_select(&self) -> Option<&'static str> {
        (self.workspace_role == WorkspaceRole::WorkspaceBilling).then_some(BULK_BILLING_LOCK)
    }
}

/// Why a billing member cannot be chosen for a bulk change.
const BULK_BILLING_LOCK: &str = "billing members are in every workspace: raise one to admin from its row";

/// Why a workspace member cannot be chosen, from who they are in the organization.
fn bulk_lock(lookup: &Lookup) -> Option<&'static str> {
    match lookup {
        Lookup::Pending => Some("loading who this is"),
        Lookup::Found(user) if user.role.is_admin() => {
            Some("organization admins and owners are workspace admins everywhere")
        }
        Lookup::Found(user) if !user.role.is_known() => Some("an organization role this console does not know"),
        Lookup::Found(user) if user.role == OrgRole::Billing => Some(BULK_BILLING_LOCK),
        _ => None,
    }
}

/// "1 person", "3 people".
fn people_count(count: usize) -> String {
    match count {
        1 => "1 person".to_owned(),
        n => format!("{n} people"),
    }
}

/// A workspace's plans: which workspace, what it is called, and how to name its members.
#[derive(Clone, Copy)]
struct WorkspacePlans {
    id: StoredValue<String>,
    name: StoredValue<String>,
    names: UserNames,
    queries: Queries,
    /// Asked again once a plan ends: the workspace and its member ids (for the picker).
    loaded: Loaded,
}

impl WorkspacePlans {
    /// "Ada Lovelace (ada@example.com)", or the user's id while the name is unknown.
    fn named(&self, user_id: &str) -> String {
        match self.names.lookup(user_id) {
            Lookup::Found(user) => format!("{} ({})", user.name, user.email),
            _ => user_id.to_owned(),
        }
    }

    fn plan(&self, title: String, items: Vec<PlanItem>) -> Plan {
        let (id, queries, loaded) = (self.id.get_value(), self.queries, self.loaded);
        Plan::new(title, items).on_finished(move || {
            queries.workspace_members_changed(&id);
            loaded.refetch();
        })
    }

    /// Gives each of `members` the workspace role `role`; one who has it already is skipped.
    fn change_role(&self, members: Vec<WorkspaceMember>, role: WorkspaceRole) -> Plan {
        let workspace = self.id.get_value();
        let title = format!(
            "Change the role of {} in “{}” to {}",
            people_count(members.len()),
            self.name.get_value(),
            role.label()
        );
        let items = members
            .into_iter()
            .map(|member| {
                let what = self.named(&member.user_id);
                let change = format!("{} → {}", member.workspace_role.label(), role.label());
                if member.workspace_role == role {
                    return PlanItem::skipped(member.user_id, what, change, format!("already {}", role.label()));
                }
                let (ws, user) = (workspace.clone(), member.user_id.clone());
                let (read_ws, read_user) = (ws.clone(), user.clone());
                PlanItem::new(member.user_id.clone(), what.clone(), change, move |client| {
                    client.update_workspace_member(&ws, &user, role)
                })
                .about(Subject::from(&member).called(what))
                .read_back(
                    move |client| client.workspace_member(&read_ws, &read_user),
                    move |now| now.workspace_role == role,
                )
            })
            .collect();
        self.plan(title, items)
    }

    /// Removes each of `members` from the workspace (they stay in the organization).
    fn remove(&self, members: Vec<WorkspaceMember>) -> Plan {
        let workspace = self.id.get_value();
        let title = format!(
            "Remove {} from “{}”",
            people_count(members.len()),
            self.name.get_value()
        );
        let items = members
            .into_iter()
            .map(|member| {
                let what = self.named(&member.user_id);
                let (ws, user) = (workspace.clone(), member.user_id.clone());
                let (read_ws, read_user) = (ws.clone(), user.clone());
                PlanItem::new(
                    member.user_id.clone(),
                    what.clone(),
                    "Removed from the workspace (stays in the organization)",
                    move |client| client.remove_workspace_member(&ws, &user),
                )
                .about(Subject::from(&member).called(what))
                .read_back_gone(move |client| client.workspace_member(&read_ws, &read_user))
            })
            .collect();
        self.plan(title, items).destructive()
    }

    /// Adds `users` and the people of `emails` as `role`: an email no member has, or a person
    /// already in the workspace (`member_ids`), is in the plan as skipped with why.
    fn add(&self, users: Vec<User>, emails: Vec<String>, role: WorkspaceRole, member_ids: &HashSet<String>) -> Plan {
        let workspace = self.id.get_value();
        let directory = self.names.all().and_then(Result::ok).unwrap_or_default();
        let mut people: Vec<Result<User, String>> = users.into_iter().map(Ok).collect();
        for email in emails {
            let folded = fold_case(&email);
            match directory.iter().find(|u| fold_case(&u.email) == folded) {
                Some(user) if !people.iter().any(|p| matches!(p, Ok(u) if u.id == user.id)) => {
                    people.push(Ok(user.clone()))
                }
                Some(_) => {}
                None => people.push(Err(email)),
            }
        }
        let change = format!("Added as {}", role.label());
        let title = format!(
            "Add {} to “{}” as {}",
            people_count(people.len()),
            self.name.get_value(),
            role.label()
        );
        let items = people
            .into_iter()
            .map(|person| match person {
                Err(email) => PlanItem::skipped(
                    email.clone(),
                    email,
                    change.clone(),
                    "no member of the organization has this email (invite them first)",
                ),
                Ok(user) => {
                    let what = format!("{} ({})", user.name, user.email);
                    if member_ids.contains(&user.id) {
                        return PlanItem::skipped(user.id, what, change.clone(), "already in the workspace");
                    }
                    let (ws, id) = (workspace.clone(), user.id.clone());
                    let (read_ws, read_id) = (ws.clone(), id.clone());
                    PlanItem::new(user.id.clone(), what, change.clone(), move |client| {
                        client.add_workspace_member(&ws, &id, role)
                    })
                    .about(Subject::default().called(user.name.clone()))
                    .read_back_found(move |client| client.workspace_member(&read_ws, &read_id))
                }
            })
            .collect();
        self.plan(title, items)
    }
}

/// Why an inherited member is locked.
const ADMIN_LOCK: &str = "Organization admin or owner: admins and owners are workspace admins everywhere";
/// Why a member whose organization role is unknown here offers nothing: whether they inherit
/// their access depends on what the role means.
const UNKNOWN_LOCK: &str = "An organization role this console does not know: manage them in the Claude Console";
const BILLING_LOCK: &str =
    "Billing member: billing members are in every workspace and cannot be removed; they can be raised to admin";

/// The roles a member may be given, after their current one when it is not among them (a role
/// this console does not know is shown as it came, never offered).
fn role_choices(current: WorkspaceRole) -> Vec<(String, String)> {
    let mut choices: Vec<_> = WorkspaceRole::ASSIGNABLE
        .map(|r| (r.as_str().to_owned(), r.label().to_owned()))
        .to_vec();
    if !WorkspaceRole::ASSIGNABLE.contains(&current) {
        choices.insert(0, (current.as_str().to_owned(), current.label().to_owned()));
    }
    choices
}

/// One member as a table row: who they are, their role (a choice, or locked with why), and
/// removal. A plain function, not a component: what it reads of `names` is tracked by the
/// list's row, which is drawn again when the name arrives.
fn member_row(
    member: WorkspaceMember,
    select: AnyView,
    names: UserNames,
    archived: bool,
    busy: Signal<bool>,
    on_change: Callback<Change>,
    on_remove: Callback<(WorkspaceMember, String)>,
) -> AnyView {
    let lookup = names.lookup(&member.user_id);
    // The id while the name is loading, or when the user cannot be found.
    let (who, email, org_role) = match &lookup {
        Lookup::Found(user) => (user.name.clone(), user.email.clone(), Some(user.role)),
        _ => (member.user_id.clone(), String::new(), None),
    };
    let current = member.workspace_role;
    let billing = org_role == Some(OrgRole::Billing) || current == WorkspaceRole::WorkspaceBilling;
    // What can be done: a button (with the role it gives, or none to remove), and why not more.
    let (lock, button) = if archived || lookup == Lookup::Pending {
        // Until we know who this is, we do not know whether they are locked.
        (None, None)
    } else if org_role.is_some_and(OrgRole::is_admin) {
        (Some(ADMIN_LOCK), None)
    } else if org_role.is_some_and(|role| !role.is_known()) {
        (Some(UNKNOWN_LOCK), None)
    } else if billing && current == WorkspaceRole::WorkspaceAdmin {
        (
            Some(BILLING_LOCK),
            Some(("Back to billing", Some(WorkspaceRole::WorkspaceBilling))),
        )
    } else if billing {
        (
            Some(BILLING_LOCK),
            Some(("Make admin", Some(WorkspaceRole::WorkspaceAdmin))),
        )
    } else {
        (None, Some(("Remove", None)))
    };
    let member = StoredValue::new(member);
    let who = StoredValue::new(who);
    // Only a member who can be removed has a role to choose.
    let choice = matches!(button, Some((_, None))).then(|| {
        view! {
            <RoleChoice
                label=format!("Workspace role of {}", who.get_value())
                choices=role_choices(current)
                current=current.as_str().to_owned()
                disabled=busy
                on_save=Callback::new(move |value: String| {
                    if let Some(role) = WorkspaceRole::parse(&value).filter(|r| *r != current) {
                        on_change.run(Change::Role(member.get_value(), who.get_value(), role));
                    }
                })
            />
        }
    });
    let button = button.map(|(label, role)| {
        let aria = match role {
            Some(_) => format!("{label}: {}", who.get_value()),
            None => format!("{label} {}", who.get_value()),
        };
        view! {
            <button
                type="button"
                class="secondary"
                aria-label=aria
                disabled=busy
                on:click=move |_| match role {
                    Some(role) => on_change.run(Change::Role(member.get_value(), who.get_value(), role)),
                    None => on_remove.run((member.get_value(), who.get_value())),
                }
            >
                {label}
            </button>
        }
    });
    view! {
        <tr data-user-id=member.with_value(|m| m.user_id.clone())>
            {select}
            <td>{who.get_value()}</td>
            <td>{email}</td>
            <td>
                {choice.is_none().then(|| current.label())}
                {choice}
                {lock.map(|lock| view! { <span class="lock-reason">{lock}</span> })}
            </td>
            <td>
                <div class="actions">{button}</div>
            </td>
        </tr>
    }
    .into_any()
}

/// Adds people: search the organization by name or email (current members left out) and pick
/// one or several, and/or paste their emails; choose a role, "Add". One person picked is added
/// at once; more (or pasted emails) become a plan for the batch panel.
#[component]
fn AddMember(
    names: UserNames,
    #[prop(into)] member_ids: Signal<Option<Result<HashSet<String>, ApiError>>>,
    search: RwSignal<String>,
    chosen: RwSignal<Vec<User>>,
    /// Emails pasted, as typed.
    pasted: RwSignal<String>,
    role: RwSignal<WorkspaceRole>,
    #[prop(into)] busy: Signal<bool>,
    on_add: Callback<(User, WorkspaceRole)>,
    on_add_many: Callback<(Vec<User>, Vec<String>, WorkspaceRole)>,
    retry: Callback<()>,
) -> impl IntoView {
    let results = move || {
        let (mut error, mut matches, mut message) = (None, Vec::new(), None);
        let needle = fold_case(search.get().trim());
        match (names.all(), member_ids.get()) {
            (Some(Err(e)), _) | (_, Some(Err(e))) => error = Some(e),
            (Some(Ok(users)), Some(Ok(ids))) if !needle.is_empty() => {
                matches = users
                    .into_iter()
                    .filter(|u| !ids.contains(&u.id))
                    .filter(|u| fold_case(&u.name).contains(&needle) || fold_case(&u.email).contains(&needle))
                    .collect();
                if matches.is_empty() {
                    message = Some("Nobody outside this workspace matches.".to_owned());
                } else if matches.len() > MAX_MATCHES {
                    message = Some(format!(
                        "{} more: type more to narrow the search.",
                        matches.len() - MAX_MATCHES
                    ));
                }
            }
            (Some(Ok(_)), Some(Ok(_))) => message = Some("Type part of a name or an email address.".to_owned()),
            _ => message = Some("Loading people…".to_owned()),
        }
        view! {
            {error.map(|error| view! { <ErrorPanel error on_retry=retry /> })}
            <ul class="picker-results" aria-label="Matching people">
                {matches
                    .into_iter()
                    .take(MAX_MATCHES)
                    .map(|user| {
                        let id = user.id.clone();
                        let is_chosen = move || chosen.with(|c| c.iter().any(|c| c.id == id));
                        let label = format!("{} ({})", user.name, user.email);
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="link"
                                    aria-pressed=move || is_chosen().to_string()
                                    on:click=move |_| {
                                        chosen
                                            .update(|c| match c.iter().position(|c| c.id == user.id) {
                                                Some(at) => {
                                                    c.remove(at);
                                                }
                                                None => c.push(user.clone()),
                                            })
                                    }
                                >
                                    {label}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {message.map(|message| view! { <p class="hint">{message}</p> })}
        }
    };
    let choices = WorkspaceRole::ASSIGNABLE
        .map(|r| (r.as_str().to_owned(), r.label().to_owned()))
        .to_vec();
    view! {
        <form
            class="card add-member"
            on:submit=move |ev| {
                ev.prevent_default();
                let (users, emails, role) = (chosen.get_untracked(), split_emails(&pasted.get_untracked()), role.get_untracked());
                match (users.as_slice(), emails.is_empty()) {
                    ([], true) => {}
                    ([user], true) => on_add.run((user.clone(), role)),
                    _ => on_add_many.run((users, emails, role)),
                }
            }
        >
            <h2>"Add people"</h2>
            <label for="member-search">"Find a person by name or email"</label>
            <input id="member-search" type="search" autocomplete="off" bind:value=search />
            {results}
            <p class="chosen" role="status">
                {move || {
                    chosen
                        .with(|chosen| match chosen.as_slice() {
                            [] => "Nobody selected yet.".to_owned(),
                            [user] => format!("Selected: {} ({})", user.name, user.email),
                            many => {
                                let names: Vec<&str> = many.iter().map(|u| u.name.as_str()).collect();
                                format!("Selected {}: {}", many.len(), names.join(", "))
                            }
                        })
                }}
            </p>
            <label for="member-emails">"Or paste their emails"</label>
            <textarea
                id="member-emails"
                rows="2"
                spellcheck="false"
                placeholder="ada@example.com, grace@example.com"
                bind:value=pasted
            ></textarea>
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
                <button
                    type="submit"
                    disabled=move || busy.get() || (chosen.with(Vec::is_empty) && pasted.with(|p| p.trim().is_empty()))
                >
                    "Add"
                </button>
            </div>
        </form>
    }
}
