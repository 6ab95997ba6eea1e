//! Demo data: a realistic, deterministic organization for an empty database (`serve --demo`).
//! Names, roles, memberships and statuses are the same on every run; times are relative to now.
//! [`DemoSize::Small`] is the everyday demo (about 60 members); [`DemoSize::Large`] measures the
//! console at scale (10,000 members: see [`large`]).

pub mod large;
pub mod usage;

use admin_wire::{AllowedInferenceGeos, ApiKeyStatus, InferenceGeo, OrgRole, User, WorkspaceRole};
use sqlx::SqliteConnection;

use crate::clock::{now_micros, Timestamp, MICROS_PER_DAY};
use crate::db::api_keys::{self, NewApiKey};
use crate::db::workspaces::{NewWorkspace, ResidencyChange};
use crate::db::{invites, organization, rate_limits, users, workspace_members, workspaces, Db};
use crate::error::ApiResult;

pub const ORGANIZATION_NAME: &str = "Northwind Analytics";

const FIRST_NAMES: [&str; 20] = [
    "Ada", "Bruno", "Chiara", "Dmitri", "Esther", "Farid", "Grace", "Hiroshi", "Ines", "Jonas", "Kemi", "Lars", "Mei",
    "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tariq",
];
const LAST_NAMES: [&str; 12] = [
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
];
/// (name, color, archived)
const WORKSPACES: [(&str, &str, bool); 8] = [
    ("Production", "#15803D", false),
    ("Staging", "#A16207", false),
    ("Research", "#6C5BB9", false),
    ("Data Platform", "#0E7490", false),
    ("Mobile Apps", "#1D4ED8", false),
    ("Customer Support", "#BE185D", false),
    ("Marketing Site", "#C2410C", false),
    ("Legacy 2023", "#6B7280", true),
];
const MEMBERS: usize = 57; // plus the 3 who join by accepting an invite: 60
/// Keys made as the Console makes them; three more show the newer shapes (43 in all).
const ORDINARY_KEYS: usize = 40;
const DOMAIN: &str = "northwind.example";

/// Whether the organization has any data yet.
async fn is_empty(conn: &mut SqliteConnection) -> sqlx::Result<bool> {
    let rows: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM invites) + (SELECT COUNT(*) FROM workspaces) \
         + (SELECT COUNT(*) FROM api_keys)",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(rows == 0)
}

fn role_of(index: usize) -> OrgRole {
    match index {
        0..=2 => OrgRole::Admin,
        3..=7 => OrgRole::Billing,
        _ => match index % 4 {
            0 => OrgRole::Developer,
            1 => OrgRole::User,
            2 => OrgRole::Developer,
            _ => OrgRole::ClaudeCodeUser,
        },
    }
}

fn person(index: usize) -> (String, String) {
    let first = FIRST_NAMES[index % FIRST_NAMES.len()];
    let last = LAST_NAMES[(index * 7 + index / FIRST_NAMES.len()) % LAST_NAMES.len()];
    let name = format!("{first} {last}");
    let email = format!("{}.{}@{DOMAIN}", first.to_lowercase(), last.to_lowercase());
    (name, email)
}

fn days_ago(now: i64, days: i64) -> Timestamp {
    Timestamp(now - days * MICROS_PER_DAY)
}

/// How much demo data to make.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DemoSize {
    /// About 60 members, 8 workspaces, 12 invites and 43 API keys.
    #[default]
    Small,
    /// 10,000 members, 100 workspaces, 5,000 API keys and 2,000 invites.
    Large,
}

/// Fills the database with the demo organization, in one transaction, if it has no data yet;
/// returns whether it did.
pub async fn seed_if_empty(db: &Db, size: DemoSize) -> ApiResult<bool> {
    db.write(move |conn| {
        Box::pin(async move {
            if !is_empty(conn).await? {
                return Ok(false);
            }
            let now = now_micros();
            match size {
                DemoSize::Small => seed(conn).await?,
                DemoSize::Large => {
                    organization::rename(conn, ORGANIZATION_NAME).await?;
                    large::seed(conn, now).await?;
                }
            }
            usage::seed(conn, size, now).await?;
            Ok(true)
        })
    })
    .await
}

/// Adds the demo's usage for the hours and days since it was last made (a database the demo
/// did not make is left alone); returns how many rows of hourly usage it wrote.
pub async fn top_up_usage(db: &Db) -> ApiResult<usize> {
    db.write(|conn| Box::pin(async move { Ok(usage::top_up(conn, now_micros()).await?) }))
        .await
}

async fn seed(conn: &mut SqliteConnection) -> ApiResult<()> {
    let now = now_micros();
    organization::rename(conn, ORGANIZATION_NAME).await?;

    let mut members: Vec<User> = Vec::new();
    for index in 0..MEMBERS {
        let (name, email) = person(index);
        let added = days_ago(now, 420 - 7 * index as i64);
        members.push(users::insert(conn, &email, &name, role_of(index), added).await?);
    }

    // Invites in every status: 3 accepted (their invitees are members now), 4 expired, 4 pending, 1 deleted.
    for (index, days) in [(0usize, 20i64), (1, 15), (2, 12)] {
        let email = format!("new.hire{}@{DOMAIN}", index + 1);
        let invite = invites::create(conn, &email, OrgRole::Developer, days_ago(now, days)).await?;
        let joined = days_ago(now, days - 1);
        members.push(invites::accept(conn, &invite.id, &format!("New Hire {}", index + 1), joined).await?);
    }
    let invited = [
        ("contractor.a@partner.example", OrgRole::User, 45),
        ("contractor.b@partner.example", OrgRole::ClaudeCodeUser, 33),
        ("auditor@accounting.example", OrgRole::Billing, 28),
        ("intern.summer@northwind.example", OrgRole::User, 22),
        ("designer@northwind.example", OrgRole::Developer, 9),
        ("analyst@northwind.example", OrgRole::User, 4),
        ("finance.lead@northwind.example", OrgRole::Billing, 2),
        ("ml.engineer@northwind.example", OrgRole::Developer, 0),
        ("wrong.address@northwnd.example", OrgRole::User, 6),
    ];
    for (email, role, days) in invited {
        let invite = invites::create(conn, email, role, days_ago(now, days)).await?;
        if email.starts_with("wrong.address") {
            invites::delete(conn, &invite.id).await?;
        }
    }

    // Workspaces, with members in every workspace role; the last is archived at the end.
    // Production keeps inference in the US; a few carry tags.
    let mut workspace_ids = Vec::new();
    for (index, (name, color, _)) in WORKSPACES.iter().enumerate() {
        let residency = match index {
            0 => ResidencyChange {
                allowed: Some(AllowedInferenceGeos::Only(vec![InferenceGeo::Us])),
                default: Some(InferenceGeo::Us),
            },
            _ => ResidencyChange::default(),
        };
        let tags = match index {
            0 => [("team", "platform"), ("cost-center", "cc-104")].as_slice(),
            1 => &[("team", "research")],
            3 => &[("team", "mobile"), ("env", "staging")],
            _ => &[],
        };
        let new = NewWorkspace {
            name: (*name).to_owned(),
            color: Some((*color).to_owned()),
            residency,
            tags: tags
                .iter()
                .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
                .collect(),
            created_at: days_ago(now, 400 - 40 * index as i64),
        };
        workspace_ids.push(workspaces::create(conn, new).await?.id);
    }
    let roles = [
        WorkspaceRole::WorkspaceDeveloper,
        WorkspaceRole::WorkspaceUser,
        WorkspaceRole::WorkspaceAdmin,
    ];
    for (w, workspace_id) in workspace_ids.iter().enumerate() {
        let regular = members
            .iter()
            .filter(|user| !matches!(user.role, OrgRole::Admin | OrgRole::Billing));
        for (m, user) in regular.enumerate().filter(|(m, _)| (m + w) % 3 == 0) {
            workspace_members::add(conn, workspace_id, &user.id, roles[(m / 3 + w) % roles.len()]).await?;
        }
    }
    // One billing member is raised to workspace_admin in Production.
    workspace_members::update(conn, &workspace_ids[0], &members[3].id, WorkspaceRole::WorkspaceAdmin).await?;
    // One developer of Research is restricted (a role newer than the first contract).
    let research_developer: String = sqlx::query_scalar(
        "SELECT user_id FROM workspace_members WHERE workspace_id = ? AND workspace_role = 'workspace_developer' \
         ORDER BY user_id LIMIT 1",
    )
    .bind(&workspace_ids[2])
    .fetch_one(&mut *conn)
    .await?;
    workspace_members::update(
        conn,
        &workspace_ids[2], // Research (WORKSPACES[2])
        &research_developer,
        WorkspaceRole::WorkspaceRestrictedDeveloper,
    )
    .await?;

    // 40 API keys: default workspace and every workspace, created by developers and admins.
    let creators: Vec<&User> = members
        .iter()
        .filter(|user| matches!(user.role, OrgRole::Admin | OrgRole::Developer))
        .collect();
    let purposes = [
        "backend",
        "batch jobs",
        "eval harness",
        "ci",
        "notebook",
        "support bot",
        "prototype",
        "etl",
    ];
    for index in 0..ORDINARY_KEYS {
        let workspace = match index % 9 {
            0 => None, // the default workspace
            slot => Some(workspace_ids[slot - 1].as_str()),
        };
        let status = match index % 7 {
            3 => ApiKeyStatus::Inactive,
            5 if index > 20 => ApiKeyStatus::Archived,
            _ => ApiKeyStatus::Active,
        };
        let name = format!("{} {}", purposes[index % purposes.len()], index / purposes.len() + 1);
        api_keys::insert(
            conn,
            NewApiKey {
                name: &name,
                workspace_id: workspace,
                created_by_user_id: Some(&creators[index % creators.len()].id),
                status,
                created_at: days_ago(now, 300 - 7 * index as i64),
                expires_at: None,
                service_account_id: None,
            },
        )
        .await?;
    }
    // Three keys in the newer shapes: a legacy key with no creator (nor hint), one that expired
    // last month, and one of a service account that expires next quarter.
    let special = [
        ("legacy production key", None, None, None, 700),
        ("q3 load test", Some(&workspace_ids[2]), Some(-30), None, 120),
        (
            "deploy bot",
            Some(&workspace_ids[0]),
            Some(90),
            Some("svcacct_01DeployBot7Qx3m"),
            60,
        ),
    ];
    for (index, (name, workspace, expires_in_days, service_account, created_days_ago)) in
        special.into_iter().enumerate()
    {
        api_keys::insert(
            conn,
            NewApiKey {
                name,
                workspace_id: workspace.map(String::as_str),
                created_by_user_id: (index > 0).then(|| creators[index].id.as_str()),
                status: ApiKeyStatus::Active,
                created_at: days_ago(now, created_days_ago),
                expires_at: expires_in_days.map(|days: i64| days_ago(now, -days)),
                service_account_id: service_account,
            },
        )
        .await?;
    }
    // Rate limits of their own: Production caps Sonnet, Research caps Opus.
    rate_limits::set_override(
        conn,
        &workspace_ids[0],
        "Claude Sonnet 4.x",
        "requests_per_minute",
        1_000,
    )
    .await?;
    rate_limits::set_override(
        conn,
        &workspace_ids[0],
        "Claude Sonnet 4.x",
        "output_tokens_per_minute",
        100_000,
    )
    .await?;
    rate_limits::set_override(conn, &workspace_ids[2], "Claude Opus 4.x", "requests_per_minute", 500).await?;
    let archived = workspace_ids.last().expect("eight workspaces");
    workspaces::archive(conn, archived, days_ago(now, 30)).await?;
    Ok(())
}
