use crate::api::{every_page, ApiError, Invite, InviteStatus, Label, OrgRole, WireName};
use crate::components::text::split_emails;
use crate::components::{
    explain, list_selection, select_cell, Alert, BatchPanel, Choice, ConfirmDialog, Confirmation, DateText, ListView,
    RelativeTime,
};
use crate::state::batch::{Plan, PlanItem};
use crate::state::queries::{use_queries, Queries};
use crate::state::selection::{Selectable, Selection};
use crate::state::session::use_session;
use crate::state::toasts::use_toasts;
use crate::state::url::use_url_query;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

/// What became of one email of the invite form.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Invited,
    /// 409: already a member, or already has a pending invite.
    Exists,
    /// Not an email address (checked here, or a 400 from the server, with its words).
    Invalid(String),
    /// Anything else, explained.
    Failed(String),
}

impl Outcome {
    fn text(&self) -> String {
        match self {
            Self::Invited => "invited".to_owned(),
            Self::Exists => "already a member or invited".to_owned(),
            Self::Invalid(why) => format!("invalid: {why}"),
            Self::Failed(why) => format!("not invited: {why}"),
        }
    }
}

/// A light check: one `@` with text on both sides. The server decides the rest.
fn looks_like_email(email: &str) -> bool {
    matches!(email.split_once('@'), Some((local, domain)) if !local.is_empty() && !domain.is_empty() && !domain.contains('@'))
}

impl Selectable for Invite {
    fn selection_id(&self) -> &str {
        &self.id
    }

    fn selection_name(&self) -> String {
        self.email.clone()
    }

    fn cannot_select(&self) -> Option<&'static str> {
        match self.status {
            InviteStatus::Pending | InviteStatus::Expired => None,
            InviteStatus::Accepted => Some("accepted invites are members now"),
            _ => Some("a status this console does not know"),
        }
    }
}

/// "1 invite", "3 invites".
fn invites_count(count: usize) -> String {
    match count {
        1 => "1 invite".to_owned(),
        n => format!("{n} invites"),
    }
}

/// How an invite is named in a plan: "ada@example.com (Developer, pending)".
fn invite_named(invite: &Invite) -> String {
    format!(
        "{} ({}, {})",
        invite.email,
        invite.role.label(),
        invite.status.label().to_lowercase()
    )
}

/// The plan that deletes each of `invites`: only a pending invite can be deleted (the contract),
/// so an expired one is skipped and says so. A lost answer is read back: a deleted invite is
/// still returned, with status `deleted`.
fn delete_plan(invites: Vec<Invite>, queries: Queries) -> Plan {
    let title = format!("Delete {}", invites_count(invites.len()));
    let items = invites
        .into_iter()
        .map(|invite| {
            let (what, change) = (invite_named(&invite), "Deleted: it can no longer be accepted");
            if invite.status != InviteStatus::Pending {
                let why = "only a pending invite can be deleted (this one has expired)";
                return PlanItem::skipped(invite.id, what, change, why);
            }
            let (id, read_id) = (invite.id.clone(), invite.id.clone());
            PlanItem::new(invite.id.clone(), what, change, move |client| client.delete_invite(&id))
                .about(&invite)
                .read_back(
                    move |client| client.invite(&read_id),
                    |now| now.status == InviteStatus::Deleted,
                )
        })
        .collect();
    Plan::new(title, items)
        .destructive()
        .on_finished(move || queries.invites_changed())
}

/// The plan that invites each person of `invites` again with the same role: there is no
/// re-send endpoint, so a pending invite is deleted and made again (21 fresh days), an expired
/// one is made again. A pending invite's delete is sent once, even when "Retry failed" sends
/// the item again after its create failed.
fn invite_again_plan(invites: Vec<Invite>, queries: Queries) -> Plan {
    let title = match invites.len() {
        1 => "Invite 1 person again".to_owned(),
        n => format!("Invite {n} people again"),
    };
    let items = invites
        .into_iter()
        .map(|invite| {
            let pending = invite.status == InviteStatus::Pending;
            let change = if pending {
                "Deleted and invited again: 21 more days to accept"
            } else {
                "Invited again: 21 days to accept"
            };
            let deleted = Rc::new(Cell::new(!pending));
            let (id, email, role) = (invite.id.clone(), invite.email.clone(), invite.role);
            PlanItem::new(invite.id.clone(), invite_named(&invite), change, move |client| {
                let (id, email, deleted) = (id.clone(), email.clone(), deleted.clone());
                Box::pin(async move {
                    if !deleted.get() {
                        client.delete_invite(&id).await?;
                        deleted.set(true);
                    }
                    client.create_invite(&email, role).await
                })
            })
            .about(&invite)
        })
        .collect();
    Plan::new(title, items).on_finished(move || queries.invites_changed())
}

/// The Invites page: the organization's invites filtered by status (kept in the URL as
/// `status`), a form inviting one or many emails with a role and a result per email, deleting a
/// pending invite, and inviting again the person of an expired one. Invites can be selected
/// (across pages, or every invite of the filter) and deleted or sent again together, through
/// the batch panel.
#[component]
pub fn InvitesPage() -> impl IntoView {
    let session = use_session();
    let url = use_url_query();
    let toasts = use_toasts();

    // Only the statuses a list holds: a deleted invite is never listed.
    let status = Memo::new(move |_| {
        url.get("status")
            .and_then(|s| InviteStatus::parse(&s))
            .filter(|s| InviteStatus::LISTED.contains(s))
    });
    let queries = use_queries();
    let invites = queries.invites(move || (url.page_request(), status.get().into_iter().collect::<Vec<_>>()));

    // --- Inviting: one create per email, one after the other (so 429 waits behave).
    let emails_text = RwSignal::new(String::new());
    let role = RwSignal::new(OrgRole::User);
    let form_error = RwSignal::new(None::<String>);
    let send = Action::new_local(move |(emails, role): &(Vec<String>, OrgRole)| {
        let (emails, role) = (emails.clone(), *role);
        let client = session.client();
        async move {
            let mut results = Vec::new();
            for email in emails {
                let outcome = if !looks_like_email(&email) {
                    Outcome::Invalid("not an email address".to_owned())
                } else {
                    match client.create_invite(&email, role).await {
                        Ok(_) => Outcome::Invited,
                        Err(ApiError::Aborted) => break,
                        Err(e) if e.status() == Some(409) => Outcome::Exists,
                        Err(ApiError::Http(e)) if e.status == 400 => {
                            Outcome::Invalid(e.message.unwrap_or_else(|| "refused by the server".to_owned()))
                        }
                        Err(e) => Outcome::Failed(explain(&e)),
                    }
                };
                results.push((email, outcome));
            }
            let failed: Vec<&(String, Outcome)> = results.iter().filter(|(_, o)| *o != Outcome::Invited).collect();
            let invited = results.len() - failed.len();
            // Only the failed emails stay, to be fixed and sent again.
            emails_text.try_set(failed.iter().map(|(e, _)| e.as_str()).collect::<Vec<_>>().join("\n"));
            match failed.as_slice() {
                [] => toasts.success(format!("{invited} invited")),
                [(email, outcome)] if results.len() == 1 => {
                    toasts.failure(format!("{email} was not invited: {}", outcome.text()))
                }
                _ => toasts.failure(format!("{invited} invited, {} failed", failed.len())),
            }
            if invited > 0 {
                queries.invites_changed();
            }
            results
        }
    });
    let sending = send.pending();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let emails = split_emails(&emails_text.get_untracked());
        if emails.is_empty() {
            form_error.set(Some("Enter one or more email addresses.".to_owned()));
            return;
        }
        form_error.set(None);
        send.dispatch((emails, role.get_untracked()));
    };
    let results = move || {
        send.value().get().filter(|r| !r.is_empty()).map(|results| {
            view! {
                <ul class="invite-results" aria-label="Results of the last invite">
                    {results
                        .into_iter()
                        .map(|(email, outcome)| {
                            let class = if outcome == Outcome::Invited { "ok" } else { "failed" };
                            view! {
                                <li class=class>
                                    <strong>{email}</strong>
                                    ": "
                                    {outcome.text()}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
    };

    // --- Selection and bulk changes.
    let statuses = move || status.get().into_iter().collect::<Vec<_>>();
    let selected = Selection::<Invite>::new().with_matching(
        move || {
            let (client, statuses) = (session.client(), statuses());
            Box::pin(async move { client.count_invites(&statuses).await })
        },
        move || {
            let (client, statuses) = (session.client(), statuses());
            Box::pin(async move { every_page(|page| client.invites(&page, &statuses)).await })
        },
    );
    let bulk = RwSignal::new_local(None::<Plan>);
    let bulk_idle = move || selected.is_empty() || bulk.with(Option::is_some);
    let bulk_actions = ViewFn::from(move || {
        view! {
            <button
                type="button"
                class="secondary"
                disabled=bulk_idle
                on:click=move |_| bulk.set(Some(invite_again_plan(selected.items(), queries)))
            >
                "Invite again"
            </button>
            <button
                type="button"
                class="danger"
                disabled=bulk_idle
                on:click=move |_| bulk.set(Some(delete_plan(selected.items(), queries)))
            >
                "Delete"
            </button>
        }
    });

    // --- Deleting a pending invite, after a confirmation naming the email.
    let to_delete = RwSignal::new(None::<Invite>);
    let delete = Action::new_local(move |invite: &Invite| {
        let invite = invite.clone();
        let client = session.client().about(&invite);
        async move {
            match client.delete_invite(&invite.id).await {
                Ok(_) => {
                    toasts.success(format!("Deleted the invite for {}", invite.email));
                    queries.invites_changed();
                }
                Err(ApiError::Aborted) => {}
                Err(e) => toasts.failure(format!(
                    "Could not delete the invite for {}: {}",
                    invite.email,
                    explain(&e)
                )),
            }
            to_delete.try_set(None);
        }
    });
    let confirmation = Signal::derive(move || {
        to_delete.with(|invite| {
            invite.as_ref().map(|invite| Confirmation {
                title: "Delete this invite?".to_owned(),
                message: format!(
                    "The invite for {} will be deleted and can no longer be accepted. You can invite them again later.",
                    invite.email
                ),
                confirm_label: format!("Delete the invite for {}", invite.email),
                type_to_confirm: None,
            })
        })
    });

    // --- Inviting again the person of an expired invite, with the same role.
    let reinvite = Action::new_local(move |invite: &Invite| {
        let invite = invite.clone();
        let client = session.client();
        async move {
            match client.create_invite(&invite.email, invite.role).await {
                Ok(_) => {
                    toasts.success(format!("Invited {} again as {}", invite.email, invite.role.label()));
                    queries.invites_changed();
                }
                Err(ApiError::Aborted) => {}
                Err(e) => toasts.failure(format!("Could not invite {} again: {}", invite.email, explain(&e))),
            }
        }
    });
    let reinviting = reinvite.pending();

    // One shape of row for every status, so that the list stays small in the wasm.
    let row = Callback::new(move |invite: Invite| {
        let (prefix, expiry) = match invite.status {
            InviteStatus::Pending => ("", Some(invite.expires_at.clone())),
            InviteStatus::Expired => ("expired ", Some(invite.expires_at.clone())),
            InviteStatus::Accepted => match invite.accepted_at.clone() {
                Some(accepted) => ("accepted ", Some(accepted)),
                None => ("accepted", None),
            },
            _ => ("—", None),
        };
        let action = match invite.status {
            InviteStatus::Pending => Some(("Delete", format!("Delete the invite for {}", invite.email))),
            InviteStatus::Expired => Some(("Re-invite", format!("Re-invite {}", invite.email))),
            _ => None,
        };
        let target = invite.clone();
        let button = action.map(|(text, label)| {
            view! {
                <button
                    type="button"
                    class="secondary"
                    aria-label=label
                    disabled=move || reinviting.get()
                    on:click=move |_| {
                        if target.status == InviteStatus::Pending {
                            to_delete.set(Some(target.clone()));
                        } else {
                            reinvite.dispatch(target.clone());
                        }
                    }
                >
                    {text}
                </button>
            }
        });
        let select = select_cell(selected, &invite);
        view! {
            <tr>
                {select}
                <td>{invite.email}</td>
                <td>{invite.role.label()}</td>
                <td>{invite.status.label()}</td>
                <td>
                    <DateText time=invite.invited_at />
                </td>
                <td>{prefix} {expiry.map(|time| view! { <RelativeTime time /> })}</td>
                <td>
                    <div class="actions">{button}</div>
                </td>
            </tr>
        }
        .into_any()
    });

    let status_choices = std::iter::once((String::new(), "Any status".to_owned()))
        .chain(InviteStatus::LISTED.map(|s| (s.as_str().to_owned(), s.label().to_owned())))
        .collect();
    let role_choices = OrgRole::ASSIGNABLE
        .map(|r| (r.as_str().to_owned(), r.label().to_owned()))
        .to_vec();
    let empty = ViewFn::from(move || match status.get() {
        Some(status) => format!(
            "No {} invites. Choose another status, or invite someone with the form above.",
            status.label().to_ascii_lowercase()
        ),
        None => "No invites yet. Invite someone with the form above.".to_owned(),
    });

    view! {
        <h1>"Invites"</h1>
        <form class="card invite-form" novalidate on:submit=on_submit>
            <label for="invite-emails">"Emails"</label>
            <textarea
                id="invite-emails"
                rows="3"
                spellcheck="false"
                aria-describedby="invite-emails-hint"
                placeholder="ada@example.com, grace@example.com"
                disabled=move || sending.get()
                bind:value=emails_text
            ></textarea>
            <p id="invite-emails-hint" class="hint">
                "One or many addresses, separated by commas, spaces or new lines."
            </p>
            <div class="invite-form-row">
                <Choice
                    label="Role".to_owned()
                    choices=role_choices
                    selected=Signal::derive(move || role.get().as_str().to_owned())
                    disabled=sending
                    on_change=Callback::new(move |value: String| {
                        if let Some(r) = OrgRole::parse(&value) {
                            role.set(r);
                        }
                    })
                />
                <button type="submit" disabled=move || sending.get()>
                    "Invite"
                </button>
            </div>
            {move || form_error.get().map(|message| view! { <Alert message request_id=None /> })}
            {results}
        </form>
        <div class="toolbar">
            <Choice
                label="Status".to_owned()
                choices=status_choices
                selected=Signal::derive(move || status.get().map(|s| s.as_str().to_owned()).unwrap_or_default())
                on_change=Callback::new(move |value: String| url.set_one("status", Some(value).filter(|v| !v.is_empty())))
            />
        </div>
        <BatchPanel plan=bulk on_apply=Callback::new(move |_| selected.clear()) />
        <ListView
            caption="Invites"
            columns=vec!["Email", "Role", "Status", "Invited", "Expires", "Actions"]
            resource=invites
            selection=list_selection(invites, selected)
            bulk_actions
            row
            empty
        />
        <ConfirmDialog
            request=confirmation
            pending=delete.pending()
            on_confirm=Callback::new(move |_| {
                if let Some(invite) = to_delete.get_untracked() {
                    delete.dispatch(invite);
                }
            })
            on_cancel=Callback::new(move |_| to_delete.set(None))
        />
    }
}
