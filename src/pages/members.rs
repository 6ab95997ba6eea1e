use crate::api::{ApiError, Label, OrgRole, User, UserFilter, WireName};
use crate::components::{explain, ConfirmDialog, Confirmation, DateText, ListView, RoleChoice};
use crate::state::queries::use_queries;
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

/// The Members page: the organization's members (name, email, role, added date), filtered by
/// email (`email`, exact, any case) and roles (`role`, repeatable) kept in the URL with the
/// cursor and limit; a role picker per member (admins locked, with the reason) and removal after
/// a confirmation naming the person.
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
    let members = queries.users(move || {
        let filter = UserFilter {
            email: email.get(),
            roles: roles.get(),
        };
        (url.page_request(), filter)
    });

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
        view! {
            <tr>
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
            <ListView
                caption="Members"
                columns=vec!["Name", "Email", "Role", "Added", "Actions"]
                resource=members
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
