use crate::api::{every_page, ApiError, Label, OrgRole, User, UserFilter, WireName};
use crate::components::{
    explain, list_selection, select_cell, BatchPanel, Choice, ConfirmDialog, Confirmation, DateText, ListView,
    RoleChoice,
};
use crate::state::batch::{Plan, PlanItem};
use crate::state::queries::{use_queries, Queries};
use crate::state::selection::{Selectable, Selection};
use crate::state::session::use_session;
use crate::state::toasts::use_toasts;
use crate::state::url::{href, paths, use_url_query};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// Why an admin's row has no role picker and no "Remove".
/// Why a member's role offers no change, if it does not.
fn locked_because(role: OrgRole) -> Option<&'static str> {
    match role {
        OrgRole::Owner | OrgRole::PrimaryOwner => {
            Some("Owners have every admin permission: the Admin API cannot change or remove an owner")
        }
        OrgRole::Admin => Some("Admins keep their role: the Admin API cannot change or remove an admin"),
        OrgRole::Unknown(_) => Some("A role this console does not know: change it in the Claude Console"),
        _ => None,
    }
}

impl Selectable for User {
    fn selection_id(&self) -> &str {
        &self.id
    }

    fn selection_name(&self) -> String {
        self.name.clone()
    }

    fn cannot_select(&self) -> Option<&'static str> {
        locked_because(self.role)
    }
}

/// "1 member", "3 members".
fn members_count(count: usize) -> String {
    match count {
        1 => "1 member".to_owned(),
        n => format!("{n} members"),
    }
}

/// How a member is named in a plan: "Ada Lovelace (ada@example.com)".
fn member_named(user: &User) -> String {
    format!("{} ({})", user.name, user.email)
}

/// The plan that gives each of `users` the organization role `role`: a member who has it
/// already is skipped. A lost answer is read back by the member's role.
fn role_plan(users: Vec<User>, role: OrgRole, queries: Queries) -> Plan {
    let title = format!("Change the role of {} to {}", members_count(users.len()), role.label());
    let items = users
        .into_iter()
        .map(|user| {
            let (what, change) = (member_named(&user), format!("{} → {}", user.role.label(), role.label()));
            if user.role == role {
                return PlanItem::skipped(user.id, what, change, format!("already {}", role.label()));
            }
            let (id, read_id) = (user.id.clone(), user.id.clone());
            PlanItem::new(user.id.clone(), what, change, move |client| {
                client.update_user_role(&id, role)
            })
            .about(&user)
            .read_back(move |client| client.user(&read_id), move |now| now.role == role)
        })
        .collect();
    Plan::new(title, items).on_finished(move || queries.members_changed())
}

/// The plan that removes each of `users` from the organization (and so from its workspaces). A
/// lost answer is read back: a member no longer found was removed.
fn remove_plan(users: Vec<User>, queries: Queries) -> Plan {
    let title = format!("Remove {}", members_count(users.len()));
    let items = users
        .into_iter()
        .map(|user| {
            let (id, read_id) = (user.id.clone(), user.id.clone());
            PlanItem::new(
                user.id.clone(),
                member_named(&user),
                "Removed from the organization and its workspaces",
                move |client| client.remove_user(&id),
            )
            .about(&user)
            .read_back_gone(move |client| client.user(&read_id))
        })
        .collect();
    Plan::new(title, items)
        .destructive()
        .on_finished(move || queries.members_changed())
}

/// The Members page: the organization's members (name, email, role, added date), filtered by
/// email (`email`, exact, any case) and roles (`role`, repeatable) kept in the URL with the
/// cursor and limit; a role picker per member (admins locked, with the reason) and removal after
/// a confirmation naming the person. Members can be selected (across pages, or every member of
/// the filter; admins cannot) and given a role or removed together, through the batch panel.
#[component]
pub fn MembersPage() -> impl IntoView {
    let session = use_session();
    let url = use_url_query();
    let toasts = use_toasts();

    let email = Memo::new(move |_| url.get("email"));
    let roles = Memo::new(move |_| {
        url.get_all("role")
            .iter()
            .filter_map(|r| OrgRole::parse(r))
            .collect::<Vec<_>>()
    });
    let queries = use_queries();
    let filter = move || UserFilter {
        email: email.get(),
        roles: roles.get(),
    };
    let members = queries.users(move || (url.page_request(), filter()));

    // --- Filters: the email applies on submit (Enter), each role box at once.
    let email_draft = RwSignal::new(String::new());
    Effect::new(move |_| email_draft.set(email.get().unwrap_or_default()));
    let on_filter = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = email_draft.get_untracked().trim().to_owned();
        url.set_one("email", Some(typed).filter(|e| !e.is_empty()));
    };
    let toggle_role = move |role: OrgRole, on: bool| {
        let mut chosen = roles.get_untracked();
        chosen.retain(|r| *r != role);
        if on {
            chosen.push(role);
        }
        url.set(&[("role", chosen.iter().map(|r| r.as_str().to_owned()).collect())]);
    };
    let filtered = move || email.with(Option::is_some) || roles.with(|r| !r.is_empty());
    let clear_filters = move |_| url.set(&[("email", vec![]), ("role", vec![])]);

    // --- Selection and bulk changes.
    let selected = Selection::<User>::new().with_matching(
        move || {
            let (client, filter) = (session.client(), filter());
            Box::pin(async move { client.count_users(&filter).await })
        },
        move || {
            let (client, filter) = (session.client(), filter());
            Box::pin(async move { every_page(|page| client.users(&page, &filter)).await })
        },
    );
    let bulk = RwSignal::new_local(None::<Plan>);
    let bulk_role = RwSignal::new(OrgRole::User);
    let bulk_idle = move || selected.is_empty() || bulk.with(Option::is_some);
    let bulk_actions = ViewFn::from(move || {
        let choices = OrgRole::ASSIGNABLE
            .map(|r| (r.as_str().to_owned(), r.label().to_owned()))
            .to_vec();
        view! {
            <Choice
                label="New role".to_owned()
                choices
                selected=Signal::derive(move || bulk_role.get().as_str().to_owned())
                on_change=Callback::new(move |value: String| {
                    if let Some(role) = OrgRole::parse(&value) {
                        bulk_role.set(role);
                    }
                })
            />
            <button
                type="button"
                class="secondary"
                disabled=bulk_idle
                on:click=move |_| bulk.set(Some(role_plan(selected.items(), bulk_role.get_untracked(), queries)))
            >
                "Change role"
            </button>
            <button
                type="button"
                class="danger"
                disabled=bulk_idle
                on:click=move |_| bulk.set(Some(remove_plan(selected.items(), queries)))
            >
                "Remove"
            </button>
        }
    });

    // --- Writes: a role change (`shown` is the role the server has; after a failure the picker
    // keeps the chosen role, to save again or cancel) or,
    // after a confirmation naming the person, a removal. One action serves both.
    let to_remove = RwSignal::new(None::<User>);
    let write = Action::new_local(move |(user, change): &(User, Option<(OrgRole, RwSignal<OrgRole>)>)| {
        let (user, change) = (user.clone(), *change);
        let client = session.client().about(&user);
        async move {
            let result = match change {
                Some((role, _)) => client.update_user_role(&user.id, role).await.map(|u| Some(u.role)),
                None => client.remove_user(&user.id).await.map(|_| None),
            };
            match (result, change) {
                (Ok(Some(role)), Some((_, shown))) => {
                    shown.try_set(role);
                    toasts.success(format!("{} is now {}.", user.name, role.label()));
                    // Every list, lookup and count showing them (under a role filter, the
                    // member may also have left this list).
                    queries.members_changed();
                }
                (Ok(_), _) => {
                    toasts.success(format!("Removed {} ({}) from the organization.", user.name, user.email));
                    queries.members_changed();
                }
                (Err(ApiError::Aborted), _) => {}
                (Err(e), Some(_)) => {
                    toasts.failure(format!(
                        "Could not change the role of {}: {} Their role stays {}.",
                        user.name,
                        explain(&e),
                        user.role.label()
                    ));
                }
                (Err(e), None) => toasts.failure(format!(
                    "Could not remove {} ({}): {}",
                    user.name,
                    user.email,
                    explain(&e)
                )),
            }
            to_remove.try_set(None);
        }
    });
    // While a write is under way, the other writes wait (pickers and buttons disabled).
    let writing = write.pending();
    let confirmation = Signal::derive(move || {
        to_remove.with(|user| {
            user.as_ref().map(|user| Confirmation {
                title: format!("Remove {}?", user.name),
                message: format!(
                    "{} ({}) will be removed from the organization and from every workspace they are a \
                     member of. The API keys they created stay. You can invite them again later.",
                    user.name, user.email
                ),
                confirm_label: format!("Remove {}", user.name),
                type_to_confirm: None,
            })
        })
    });

    let row = Callback::new(move |user: User| {
        let (role_cell, action) = if let Some(why) = locked_because(user.role) {
            let role = view! {
                <span class="locked-role">
                    {user.role.label()} " " <span class="hint">{why}</span>
                </span>
            };
            (role.into_any(), ().into_any())
        } else {
            let shown = RwSignal::new(user.role);
            let mut choices: Vec<(String, String)> = OrgRole::ASSIGNABLE
                .map(|r| (r.as_str().to_owned(), r.label().to_owned()))
                .to_vec();
            if !OrgRole::ASSIGNABLE.contains(&user.role) {
                // An Enterprise role (membership admin, managed): shown, not offered; the member may
                // be given one of the assignable roles (decided).
                choices.insert(0, (user.role.as_str().to_owned(), user.role.label().to_owned()));
            }
            let target = user.clone();
            let picker = view! {
                <RoleChoice
                    label=format!("Role of {}", user.name)
                    choices
                    current=Signal::derive(move || shown.get().as_str().to_owned())
                    disabled=writing
                    on_save=Callback::new(move |value: String| {
                        let Some(role) = OrgRole::parse(&value).filter(|r| OrgRole::ASSIGNABLE.contains(r)) else {
                            return;
                        };
                        let mut user = target.clone();
                        user.role = shown.get_untracked();
                        write.dispatch((user, Some((role, shown))));
                    })
                />
            };
            let target = user.clone();
            let remove_button = view! {
                <button
                    type="button"
                    class="secondary"
                    aria-label=format!("Remove {} ({})", user.name, user.email)
                    disabled=writing
                    on:click=move |_| to_remove.set(Some(target.clone()))
                >
                    "Remove"
                </button>
            };
            (picker.into_any(), remove_button.into_any())
        };
        let select = select_cell(selected, &user);
        view! {
            <tr>
                {select}
                <td>{user.name}</td>
                <td>{user.email}</td>
                <td>{role_cell}</td>
                <td>
                    <DateText time=user.added_at />
                </td>
                <td>
                    <div class="actions">{action}</div>
                </td>
            </tr>
        }
        .into_any()
    });

    let empty = ViewFn::from(move || {
        if filtered() {
            view! {
                <p>
                    "No member matches these filters. The email must be the whole address (any case). "
                    <button type="button" class="link" on:click=clear_filters>
                        "Clear the filters"
                    </button>
                </p>
            }
            .into_any()
        } else {
            view! {
                <p>
                    "No members yet. " <a href=href(paths::INVITES)>"Invite people"</a>
                    " to add them."
                </p>
            }
            .into_any()
        }
    });

    let role_boxes = OrgRole::ALL
        .into_iter()
        .map(|role| {
            view! {
                <label class="checkbox">
                    <input
                        type="checkbox"
                        prop:checked=move || roles.with(|r| r.contains(&role))
                        on:change=move |ev| toggle_role(role, event_target_checked(&ev))
                    />
                    {role.label()}
                </label>
            }
        })
        .collect_view();

    view! {
        <div class="members-page">
            <h1>"Members"</h1>
            <div class="toolbar members-filters">
                <form role="search" class="member-email-filter" on:submit=on_filter>
                    <label for="member-email">"Email"</label>
                    <input
                        id="member-email"
                        type="search"
                        autocomplete="off"
                        spellcheck="false"
                        placeholder="ada@example.com"
                        bind:value=email_draft
                    />
                    <button type="submit" class="secondary">
                        "Filter"
                    </button>
                </form>
                <fieldset class="role-filter">
                    <legend>"Roles"</legend>
                    {role_boxes}
                </fieldset>
                {move || {
                    filtered()
                        .then(|| {
                            view! {
                                <button type="button" class="link" on:click=clear_filters>
                                    "Clear filters"
                                </button>
                            }
                        })
                }}
            </div>
            <BatchPanel plan=bulk on_apply=Callback::new(move |_| selected.clear()) />
            <ListView
                caption="Members"
                columns=vec!["Name", "Email", "Role", "Added", "Actions"]
                resource=members
                selection=list_selection(members, selected)
                bulk_actions
                row
                empty
            />
            <ConfirmDialog
                request=confirmation
                pending=writing
                on_confirm=Callback::new(move |_| {
                    if let Some(user) = to_remove.get_untracked() {
                        write.dispatch((user, None));
                    }
                })
                on_cancel=Callback::new(move |_| to_remove.set(None))
            />
        </div>
    }
}
