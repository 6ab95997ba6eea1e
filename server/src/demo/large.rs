//! The large demo organization (`serve --demo --demo-size large`), for measuring the console at
//! scale: [`MEMBERS`] members, [`WORKSPACES`] workspaces (all active: the contract's cap),
//! [`API_KEYS`] API keys and [`INVITES`] invites, with memberships in every workspace.
//!
//! Deterministic like the small demo (names, emails, roles, memberships, statuses and key hints
//! are the same on every run; times are relative to now) and fast: the rows are made in memory
//! and written with multi-row INSERTs inside the caller's transaction.

use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::clock::MICROS_PER_DAY;
use crate::db::invites::LIFETIME_DAYS;
use crate::db::users::email_key;
use crate::ids;

pub const MEMBERS: usize = 10_000;
pub const WORKSPACES: usize = 100;
pub const API_KEYS: usize = 5_000;
pub const INVITES: usize = 2_000;

const DOMAIN: &str = "northwind.example";

const FIRST_NAMES: [&str; 50] = [
    "Ada",
    "Bruno",
    "Chiara",
    "Dmitri",
    "Esther",
    "Farid",
    "Grace",
    "Hiroshi",
    "Ines",
    "Jonas",
    "Kemi",
    "Lars",
    "Mei",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tariq",
    "Uma",
    "Viktor",
    "Wanjiru",
    "Xavier",
    "Yara",
    "Zoltan",
    "Amara",
    "Benedikt",
    "Camille",
    "Diego",
    "Elif",
    "Femi",
    "Giulia",
    "Hamid",
    "Ingrid",
    "Javier",
    "Keiko",
    "Luca",
    "Marta",
    "Nikolai",
    "Olga",
    "Pablo",
    "Rania",
    "Soren",
    "Thandiwe",
    "Ulrich",
    "Valentina",
    "Wei",
    "Yusuf",
    "Zainab",
];
const LAST_NAMES: [&str; 40] = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Haddad",
    "Novak",
    "Garcia",
    "Kowalski",
    "Singh",
    "Byrne",
    "Rossi",
    "Adeyemi",
    "Andersen",
    "Bianchi",
    "Chen",
    "Dubois",
    "Eriksson",
    "Fischer",
    "Gonzalez",
    "Horvat",
    "Ivanova",
    "Jensen",
    "Kim",
    "Laurent",
    "Mensah",
    "Nakamura",
    "Oliveira",
    "Petrov",
    "Quispe",
    "Rahman",
    "Schmidt",
    "Takahashi",
    "Urquhart",
    "Virtanen",
    "Wojcik",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Abbasi",
    "Brennan",
];
const PROJECTS: [&str; 20] = [
    "Checkout",
    "Search",
    "Recommendations",
    "Support Bot",
    "Data Platform",
    "Mobile Apps",
    "Marketing Site",
    "Billing",
    "Fraud Detection",
    "Analytics",
    "Onboarding",
    "Docs Assistant",
    "Internal Tools",
    "Research",
    "Translation",
    "Voice",
    "Sales Copilot",
    "Security",
    "Forecasting",
    "Labs",
];
const STAGES: [&str; 5] = ["Production", "Staging", "Development", "Evaluation", "Sandbox"];
const COLORS: [&str; 8] = [
    "#6C5BB9", "#C2410C", "#0E7490", "#15803D", "#B91C1C", "#A16207", "#1D4ED8", "#BE185D",
];
const PURPOSES: [&str; 10] = [
    "backend",
    "batch jobs",
    "eval harness",
    "ci",
    "notebook",
    "support bot",
    "prototype",
    "etl",
    "staging",
    "load test",
];
const WORKSPACE_ROLES: [&str; 3] = ["workspace_developer", "workspace_user", "workspace_admin"];

/// At most this many values are bound in one statement (SQLite builds before 3.32 allow 999).
const BINDS_PER_STATEMENT: usize = 900;

/// Inserts `rows` into `table` with many rows per statement; `bind` pushes one row's values in
/// the order of `columns`.
async fn insert_rows<'a, R>(
    conn: &mut SqliteConnection,
    table: &str,
    columns: &[&str],
    rows: &'a [R],
    mut bind: impl FnMut(&mut Separated<'_, 'a, Sqlite, &'static str>, &'a R),
) -> sqlx::Result<()> {
    for chunk in rows.chunks(BINDS_PER_STATEMENT / columns.len()) {
        let mut query = QueryBuilder::<Sqlite>::new(format!("INSERT INTO {table} ({}) ", columns.join(", ")));
        query.push_values(chunk, |mut row, item| bind(&mut row, item));
        query.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// 1 % admins, 2 % billing, the rest developers, users and Claude Code users.
fn role_of(index: usize) -> &'static str {
    match index % 100 {
        0 => "admin",
        25 | 75 => "billing",
        n => match n % 20 {
            0..=7 => "developer",
            8..=14 => "user",
            _ => "claude_code_user",
        },
    }
}

/// A unique name and email per index: 2,000 first-last pairs, then the same pairs numbered.
fn person(index: usize) -> (String, String) {
    let pairs = FIRST_NAMES.len() * LAST_NAMES.len();
    let (round, slot) = (index / pairs, index % pairs);
    let first = slot % FIRST_NAMES.len();
    // For a given first name, slot / 50 runs over 0..40, and 31 is prime to 40: every last name
    // once per round.
    let last = (31 * (slot / FIRST_NAMES.len()) + 7 * first) % LAST_NAMES.len();
    let (first, last) = (FIRST_NAMES[first], LAST_NAMES[last]);
    let number = if round == 0 {
        String::new()
    } else {
        (round + 1).to_string()
    };
    let email = format!("{}.{}{number}@{DOMAIN}", first.to_lowercase(), last.to_lowercase());
    (format!("{first} {last}"), email)
}

/// The name of the key made `index`-th ("backend 1", "batch jobs 1", ...; each name once).
pub(crate) fn key_name(index: usize) -> String {
    format!("{} {}", PURPOSES[index % PURPOSES.len()], index / PURPOSES.len() + 1)
}

/// The status of the key made `index`-th: 70 % active, 20 % inactive, 10 % archived.
pub(crate) fn key_status(index: usize) -> &'static str {
    match index % 10 {
        7 | 8 => "inactive",
        9 => "archived",
        _ => "active",
    }
}

/// A key hint as `api_keys::insert` makes them, from a fixed sequence instead of a random one.
fn key_hint(index: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut state = (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let secret: String = (0..7)
        .map(|_| {
            state ^= state >> 29;
            state = state.wrapping_mul(0xBF58_476D_1CE4_E5B9);
            CHARS[(state >> 40) as usize % CHARS.len()] as char
        })
        .collect();
    format!("sk-ant-api03-{}...{}AA", &secret[..3], &secret[3..])
}

struct Member {
    id: String,
    email: String,
    name: String,
    role: &'static str,
    added_at: i64,
}

struct KeyRow<'a> {
    id: String,
    name: String,
    workspace: Option<&'a str>,
    created: i64,
    creator: &'a str,
    hint: String,
    status: &'static str,
}

/// Fills the (empty) database with the large demo organization, in the caller's transaction.
pub(super) async fn seed(conn: &mut SqliteConnection, now: i64) -> sqlx::Result<()> {
    // Members joined over the last three years, one after another (ids follow the same order).
    let span = 3 * 365 * MICROS_PER_DAY;
    let members: Vec<Member> = (0..MEMBERS)
        .map(|index| {
            let (name, email) = person(index);
            Member {
                id: ids::new_id(ids::USER),
                email,
                name,
                role: role_of(index),
                added_at: now - span + (index as i64 * span) / MEMBERS as i64,
            }
        })
        .collect();
    insert_rows(
        conn,
        "users",
        &["id", "email", "email_key", "name", "role", "added_at"],
        &members,
        |row, m| {
            row.push_bind(&m.id)
                .push_bind(&m.email)
                .push_bind(email_key(&m.email))
                .push_bind(&m.name)
                .push_bind(m.role)
                .push_bind(m.added_at);
        },
    )
    .await?;

    // Workspaces: every project in every stage, created over the last two years.
    let workspaces: Vec<(String, String, &str, i64)> = (0..WORKSPACES)
        .map(|index| {
            let name = format!(
                "{} {}",
                PROJECTS[index / STAGES.len() % PROJECTS.len()],
                STAGES[index % STAGES.len()]
            );
            let created = now - 730 * MICROS_PER_DAY + index as i64 * 7 * MICROS_PER_DAY;
            (ids::new_id(ids::WORKSPACE), name, COLORS[index % COLORS.len()], created)
        })
        .collect();
    insert_rows(
        conn,
        "workspaces",
        &["id", "name", "display_color", "created_at"],
        &workspaces,
        |row, (id, name, color, created)| {
            row.push_bind(id).push_bind(name).push_bind(*color).push_bind(*created);
        },
    )
    .await?;

    // Memberships: admins and billing members are in every workspace by their role; every other
    // member is in two workspaces, in one of three workspace roles.
    let mut memberships: Vec<(&str, &str, &str)> = Vec::new();
    for (index, member) in members.iter().enumerate() {
        if matches!(member.role, "admin" | "billing") {
            continue;
        }
        let first = index % WORKSPACES;
        let second = (index * 7 + 3) % WORKSPACES;
        for (n, w) in [first, second].into_iter().enumerate() {
            if n == 1 && w == first {
                continue;
            }
            let role = WORKSPACE_ROLES[(index / WORKSPACES + n) % WORKSPACE_ROLES.len()];
            memberships.push((&workspaces[w].0, &member.id, role));
        }
    }
    insert_rows(
        conn,
        "workspace_members",
        &["workspace_id", "user_id", "workspace_role"],
        &memberships,
        |row, (workspace, user, role)| {
            row.push_bind(*workspace).push_bind(*user).push_bind(*role);
        },
    )
    .await?;

    // API keys over the last two years, in the default workspace and every other one, made by
    // admins and developers: 70 % active, 20 % inactive, 10 % archived.
    let creators: Vec<&Member> = members
        .iter()
        .filter(|m| matches!(m.role, "admin" | "developer"))
        .collect();
    let keys: Vec<KeyRow> = (0..API_KEYS)
        .map(|index| {
            let workspace = match index % (WORKSPACES + 1) {
                0 => None,
                slot => Some(workspaces[slot - 1].0.as_str()),
            };
            let status = key_status(index);
            let name = key_name(index);
            let created = now - 730 * MICROS_PER_DAY + (index as i64 * 730 * MICROS_PER_DAY) / API_KEYS as i64;
            let creator = &creators[(index * 13) % creators.len()].id;
            KeyRow {
                id: ids::new_id(ids::API_KEY),
                name,
                workspace,
                created,
                creator,
                hint: key_hint(index),
                status,
            }
        })
        .collect();
    insert_rows(
        conn,
        "api_keys",
        &[
            "id",
            "name",
            "workspace_id",
            "created_at",
            "created_by_user_id",
            "partial_key_hint",
            "status",
        ],
        &keys,
        |row, key| {
            row.push_bind(&key.id)
                .push_bind(&key.name)
                .push_bind(key.workspace)
                .push_bind(key.created)
                .push_bind(key.creator)
                .push_bind(&key.hint)
                .push_bind(key.status);
        },
    )
    .await?;

    // Invites in every status: 40 % pending, 35 % expired, 20 % accepted (by members who joined
    // that way, the latest non-admins), 5 % deleted. No pending invite is for a member.
    let joined: Vec<&Member> = members.iter().rev().filter(|m| m.role != "admin").collect();
    let mut accepted = joined.iter();
    let invites: Vec<(String, String, &str, i64, &str)> = (0..INVITES)
        .map(|index| {
            let guest = |n: usize| format!("guest{n:04}@partner{}.example", n % 7 + 1);
            let roles = ["user", "developer", "claude_code_user", "billing"];
            let (email, role, invited_at, state) = match index % 20 {
                0..=7 => (
                    guest(index),
                    roles[index % 4],
                    now - (index as i64 % 20) * MICROS_PER_DAY,
                    "pending",
                ),
                8..=14 => {
                    let days = LIFETIME_DAYS + 1 + index as i64 % 300;
                    (guest(index), roles[index % 4], now - days * MICROS_PER_DAY, "pending")
                }
                15..=18 => {
                    let member = accepted.next().expect("enough members for the accepted invites");
                    (
                        member.email.clone(),
                        member.role,
                        member.added_at - MICROS_PER_DAY,
                        "accepted",
                    )
                }
                _ => (
                    guest(index),
                    roles[index % 4],
                    now - (index as i64 % 60) * MICROS_PER_DAY,
                    "deleted",
                ),
            };
            (email, ids::new_id(ids::INVITE), role, invited_at, state)
        })
        .collect();
    insert_rows(
        conn,
        "invites",
        &[
            "id",
            "email",
            "email_key",
            "role",
            "invited_at",
            "expires_at",
            "state",
            "accepted_at",
        ],
        &invites,
        |row, (email, id, role, invited_at, state)| {
            // An accepted invite was accepted when its invitee joined, a day after it was sent.
            let accepted_at = (*state == "accepted").then_some(*invited_at + MICROS_PER_DAY);
            row.push_bind(id)
                .push_bind(email)
                .push_bind(email_key(email))
                .push_bind(*role)
                .push_bind(*invited_at)
                .push_bind(*invited_at + LIFETIME_DAYS * MICROS_PER_DAY)
                .push_bind(*state)
                .push_bind(accepted_at);
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_member_has_a_unique_email() {
        let emails: HashSet<String> = (0..MEMBERS).map(|index| person(index).1).collect();
        assert_eq!(emails.len(), MEMBERS);
    }

    #[test]
    fn roles_and_hints_are_fixed() {
        let admins = (0..MEMBERS).filter(|&i| role_of(i) == "admin").count();
        let billing = (0..MEMBERS).filter(|&i| role_of(i) == "billing").count();
        assert_eq!((admins, billing), (100, 200));
        assert_eq!(key_hint(42), key_hint(42));
        assert_ne!(key_hint(1), key_hint(2));
        assert_eq!(key_hint(0).len(), "sk-ant-api03-abc...defgAA".len());
    }
}
