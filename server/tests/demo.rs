//! `serve --demo`: the shapes of the demo data; `--demo-size large`: its counts.
mod common;

use std::collections::{HashMap, HashSet};

use common::*;
use serde_json::Value;

/// Every invite a list can hold (a deleted invite is never listed).
const ALL_INVITES: &str = "/invites?statuses[]=pending&statuses[]=accepted&statuses[]=expired";

async fn demo() -> TestServer {
    TestServer::start_with(ServeOptions {
        demo: true,
        ..Default::default()
    })
    .await
}

fn field_set(items: &[Value], field: &str) -> HashSet<String> {
    items.iter().map(|v| str_of(v, field).to_string()).collect()
}

fn set(items: &[&str]) -> HashSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn demo_prints_a_working_admin_key() {
    let s = demo().await;
    let key = s.demo_key.clone().unwrap();
    assert_admin_key(&key);
    let me = s.api_as(&key).get("/me").await.ok();
    assert_eq!(me["type"], "organization");
    assert_uuid(str_of(&me, "id"));
    // A read-write key.
    s.api_as(&key).create_workspace("Made with the demo key").await;
}

#[tokio::test]
async fn demo_has_about_60_members_in_every_role() {
    let s = demo().await;
    let users = s.api().list_all("/users").await;
    assert!(
        (50..=70).contains(&users.len()),
        "about 60 members, got {}",
        users.len()
    );
    for u in &users {
        check_user(u);
    }
    // A Console organization: the five Console roles, no Enterprise one.
    assert_eq!(field_set(&users, "role"), set(&CONSOLE_ROLES));
    let emails: HashSet<String> = users.iter().map(|u| str_of(u, "email").to_lowercase()).collect();
    assert_eq!(emails.len(), users.len(), "member emails are unique");
    assert_ascending(&ids_of(&users));
}

#[tokio::test]
async fn demo_has_8_workspaces_one_archived() {
    let s = demo().await;
    let api = s.api();
    let all = api.list_all("/workspaces?include_archived=true").await;
    assert_eq!(all.len(), 8);
    for w in &all {
        check_workspace(w);
    }
    let archived: Vec<&Value> = all.iter().filter(|w| !w["archived_at"].is_null()).collect();
    assert_eq!(archived.len(), 1, "one archived workspace");
    let live = api.list_all("/workspaces").await;
    assert_eq!(live.len(), 7);
    assert!(!live.contains(archived[0]));
    // Production keeps inference in the US; a few workspaces carry tags; the rest are
    // unrestricted.
    let production = all.iter().find(|w| w["name"] == "Production").expect("Production");
    assert_eq!(
        production["data_residency"],
        serde_json::json!({"workspace_geo": "us", "allowed_inference_geos": ["us"], "default_inference_geo": "us"})
    );
    assert_eq!(
        production["tags"],
        serde_json::json!({"team": "platform", "cost-center": "cc-104"})
    );
    let research = all.iter().find(|w| w["name"] == "Research").expect("Research");
    assert_eq!(research["data_residency"]["allowed_inference_geos"], "unrestricted");
    let tagged = all.iter().filter(|w| w["tags"] != serde_json::json!({})).count();
    assert!(tagged >= 2, "some workspaces carry tags");
    // With the default workspace: listed first, then the same eight.
    let with_default = api
        .list_all("/workspaces?include_archived=true&include_default=true")
        .await;
    assert_eq!(with_default.len(), 9);
    check_default_workspace(&with_default[0]);
    assert_eq!(with_default[1..], all[..]);
}

#[tokio::test]
async fn demo_memberships_use_every_role() {
    let s = demo().await;
    let api = s.api();
    let users = api.list_all("/users").await;
    let role_of: HashMap<String, String> = users
        .iter()
        .map(|u| (item_id(u), str_of(u, "role").to_string()))
        .collect();
    let mut roles = HashSet::new();
    let mut explicit = 0;
    for w in api.list_ids("/workspaces?include_archived=true").await {
        let members = api.list_all(&format!("/workspaces/{w}/members")).await;
        let ids: HashSet<String> = ids_of(&members).into_iter().collect();
        for m in &members {
            check_member(m);
            assert_eq!(m["workspace_id"], w.as_str());
            let uid = str_of(m, "user_id");
            let org_role = role_of
                .get(uid)
                .unwrap_or_else(|| panic!("member {uid} of {w} is not an organization member"));
            let ws_role = str_of(m, "workspace_role");
            match org_role.as_str() {
                role if ADMIN_ROLES.contains(&role) => assert_eq!(ws_role, "workspace_admin", "{m}"),
                "billing" => assert!(ws_role == "workspace_billing" || ws_role == "workspace_admin", "{m}"),
                _ => {
                    assert_ne!(ws_role, "workspace_billing", "{m}");
                    explicit += 1;
                }
            }
            roles.insert(ws_role.to_string());
        }
        // Every admin and billing member is in every workspace.
        for (uid, r) in &role_of {
            if r == "admin" || r == "billing" {
                assert!(ids.contains(uid), "{r} {uid} missing from {w}");
            }
        }
    }
    assert_eq!(roles, set(&WORKSPACE_ROLES));
    assert!(explicit > 0, "some explicit memberships");
    // The restricted developer is in Research.
    let workspaces = api.list_all("/workspaces").await;
    let research = workspaces.iter().find(|w| w["name"] == "Research").expect("Research");
    let members = api
        .list_all(&format!("/workspaces/{}/members", item_id(research)))
        .await;
    assert!(
        members
            .iter()
            .any(|m| m["workspace_role"] == "workspace_restricted_developer"),
        "a restricted developer in Research: {members:?}"
    );
}

/// 12 invites, one of them deleted and so never listed.
#[tokio::test]
async fn demo_lists_11_invites_in_every_listed_status() {
    let s = demo().await;
    let api = s.api();
    let all = api.list_all(ALL_INVITES).await;
    assert_eq!(all.len(), 11);
    for inv in &all {
        check_invite(inv);
    }
    assert_eq!(field_set(&all, "status"), set(&LISTED_INVITE_STATUSES));
    assert_eq!(api.list_all("/invites").await, all);
    // The accepted ones say when.
    let accepted: Vec<&Value> = all.iter().filter(|i| i["status"] == "accepted").collect();
    assert_eq!(accepted.len(), 3);
    for inv in accepted {
        parse_time(str_of(inv, "accepted_at"));
    }
    // No pending invite for someone who is already a member.
    let members: HashSet<String> = api
        .list_all("/users")
        .await
        .iter()
        .map(|u| str_of(u, "email").to_lowercase())
        .collect();
    for inv in all.iter().filter(|i| i["status"] == "pending") {
        assert!(
            !members.contains(&str_of(inv, "email").to_lowercase()),
            "pending invite for a member: {inv}"
        );
    }
}

#[tokio::test]
async fn demo_has_43_api_keys_in_every_status() {
    let s = demo().await;
    let api = s.api();
    let keys = api.list_all("/api_keys").await;
    assert_eq!(keys.len(), 43);
    for k in &keys {
        check_api_key(k);
    }
    assert_eq!(field_set(&keys, "status"), set(&KEY_STATUSES));
    assert!(
        keys.iter().any(|k| k["workspace_id"].is_null()),
        "some keys in the default workspace"
    );
    let workspaces = api.list_all("/workspaces?include_archived=true").await;
    let archived: HashSet<String> = workspaces
        .iter()
        .filter(|w| !w["archived_at"].is_null())
        .map(item_id)
        .collect();
    let all_ws: HashSet<String> = ids_of(&workspaces).into_iter().collect();
    for k in &keys {
        if let Some(w) = k["workspace_id"].as_str() {
            assert!(all_ws.contains(w), "key in an unknown workspace: {k}");
            if archived.contains(w) {
                assert_eq!(k["status"], "archived", "key of an archived workspace: {k}");
            }
        }
    }
    assert!(
        keys.iter().any(|k| !k["workspace_id"].is_null()),
        "some keys in workspaces"
    );
    // Every key's scope names its workspace by a real id, the default workspace's too.
    let default = &api.list_all("/workspaces?include_default=true").await[0];
    check_default_workspace(default);
    for k in &keys {
        let scope = k["workspace_id"].as_str().unwrap_or_else(|| str_of(default, "id"));
        assert_eq!(k["scope"]["workspace_id"], scope, "{k}");
    }
    // Ordinary keys have a creator, a hint and a user principal; only the legacy key has none.
    let by_name = |name: &str| {
        keys.iter()
            .find(|k| k["name"] == name)
            .unwrap_or_else(|| panic!("no demo key named {name:?}"))
    };
    let legacy: Vec<&Value> = keys.iter().filter(|k| k["created_by"].is_null()).collect();
    assert_eq!(legacy.len(), 1, "one legacy key: {legacy:?}");
    let legacy = by_name("legacy production key");
    assert!(
        legacy["created_by"].is_null() && legacy["partial_key_hint"].is_null(),
        "{legacy}"
    );
    assert!(
        legacy["principal"].is_null() && legacy["workspace_id"].is_null(),
        "{legacy}"
    );
    assert_eq!(legacy["status"], "active");
    for k in keys
        .iter()
        .filter(|k| !k["created_by"].is_null() && k["name"] != "deploy bot")
    {
        assert_eq!(
            k["principal"],
            serde_json::json!({"type": "user_actor", "user_id": k["created_by"]["id"]}),
            "{k}"
        );
    }
    // One key expired last month; one of a service account expires next quarter.
    let expired: Vec<&Value> = keys.iter().filter(|k| k["status"] == "expired").collect();
    assert_eq!(expired.len(), 1, "{expired:?}");
    let load_test = by_name("q3 load test");
    assert_eq!(load_test["status"], "expired");
    assert_time_near(&load_test["expires_at"], now_micros() - 30 * DAY, 10 * 60 * SECOND);
    let bot = by_name("deploy bot");
    assert_eq!(bot["status"], "active");
    assert_eq!(bot["principal"]["type"], "service_account_actor", "{bot}");
    assert_time_near(&bot["expires_at"], now_micros() + 90 * DAY, 10 * 60 * SECOND);
    let production = workspaces.iter().find(|w| w["name"] == "Production").unwrap();
    assert_eq!(bot["workspace_id"], production["id"]);
    assert_eq!(
        keys.iter().filter(|k| !k["expires_at"].is_null()).count(),
        2,
        "only those two expire"
    );
    assert_eq!(api.list_ids("/api_keys?status=expired").await, vec![item_id(load_test)]);
}

#[tokio::test]
async fn demo_fills_only_an_empty_database() {
    // Restarting with --demo does not add a second set of data.
    let mut s = demo().await;
    let api = s.api();
    let counts = |api: Api| async move {
        let mut n = Vec::new();
        for p in ["/users", ALL_INVITES, "/workspaces?include_archived=true", "/api_keys"] {
            n.push(api.list_all(p).await.len());
        }
        n
    };
    let before = counts(api).await;
    s.restart().await;
    assert_eq!(counts(s.api()).await, before);

    // A database that already has data is left alone.
    let mut plain = TestServer::start().await;
    plain.api().create_workspace("Mine").await;
    plain.user("me@example.com", "Me", "admin").await;
    plain.set_options(ServeOptions {
        demo: true,
        ..Default::default()
    });
    plain.restart().await;
    let api = plain.api();
    assert_eq!(api.list_all("/workspaces?include_archived=true").await.len(), 1);
    assert_eq!(api.list_all("/users").await.len(), 1);
    assert!(api.list_all("/api_keys").await.is_empty());
}

/// The first 1000 items of a list, however long it is.
async fn first_page(api: &Api, path: &str) -> Vec<Value> {
    let page = api.get(&with_query(path, "limit=1000")).await.ok();
    check_page(&page, 1000);
    page["data"].as_array().unwrap().clone()
}

async fn large_demo() -> TestServer {
    TestServer::start_with(ServeOptions {
        demo: true,
        demo_size: Some("large"),
        ..Default::default()
    })
    .await
}

#[tokio::test]
async fn large_demo_has_exactly_its_counts() {
    let s = large_demo().await;
    let api = s.api();
    let users = api.walk_forward("/users", 1000).await;
    assert_eq!(users.len(), 10_000, "members");
    let live = api.list_all("/workspaces").await;
    assert_eq!(live.len(), 100, "active workspaces (the contract's cap)");
    assert_eq!(
        api.list_all("/workspaces?include_archived=true").await,
        live,
        "none archived"
    );
    for w in &live {
        check_workspace(w);
    }
    assert_eq!(api.walk_forward("/api_keys", 1000).await.len(), 5_000, "API keys");
    // 2,000 invites, 5 % deleted and so never listed.
    let mut invites = 0;
    for status in LISTED_INVITE_STATUSES {
        let n = api
            .walk_forward(&format!("/invites?statuses[]={status}"), 1000)
            .await
            .len();
        assert!(n > 0, "no {status} invite");
        invites += n;
    }
    assert_eq!(invites, 1_900, "invites");
    assert_eq!(api.walk_forward(ALL_INVITES, 1000).await.len(), 1_900, "invites");
    assert_eq!(api.walk_forward("/invites", 1000).await.len(), 1_900, "invites");
    for inv in first_page(&api, "/invites?statuses[]=accepted").await {
        check_invite(&inv);
    }
    // Members in every Console role, a workspace's members (inherited and explicit) listed.
    let first = first_page(&api, "/users").await;
    assert_eq!(field_set(&first, "role"), set(&CONSOLE_ROLES));
    for u in &first {
        check_user(u);
    }
    let members = api
        .walk_forward(&format!("/workspaces/{}/members", item_id(&live[0])), 1000)
        .await;
    assert!(
        members.len() > 300,
        "admins, billing and explicit members: {}",
        members.len()
    );
    // No pending invite for a member (the first 1000 members and every pending invite).
    let emails: HashSet<String> = first.iter().map(|u| str_of(u, "email").to_lowercase()).collect();
    let pending = first_page(&api, "/invites?statuses[]=pending").await;
    assert!(pending
        .iter()
        .all(|i| !emails.contains(&str_of(i, "email").to_lowercase())));
}

#[tokio::test]
async fn large_demo_is_the_same_on_every_run() {
    let (a, b) = tokio::join!(large_demo(), large_demo());
    // What a person sees, without ids and times (ids are minted now, times are relative to now).
    async fn seen(s: &TestServer) -> Vec<Value> {
        let api = s.api();
        let mut seen = Vec::new();
        for (path, fields) in [
            ("/users", &["email", "name", "role"][..]),
            ("/workspaces", &["name", "display_color"][..]),
            ("/api_keys", &["name", "partial_key_hint", "status"][..]),
            (ALL_INVITES, &["email", "role", "status"][..]),
        ] {
            for item in first_page(&api, path).await {
                seen.push(Value::Array(fields.iter().map(|f| item[*f].clone()).collect()));
            }
        }
        seen
    }
    let (first, second) = tokio::join!(seen(&a), seen(&b));
    assert_eq!(first.len(), 1000 + 100 + 1000 + 1000);
    assert!(first == second, "two large demos differ");
}
