//! Cursor pagination (`limit`, `after_id`, `before_id`, `has_more`, `first_id`, `last_id`) on
//! every list.
mod common;

use common::*;
use serde_json::Value;

async fn workspaces(api: &Api, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(item_id(&api.create_workspace(&format!("W{i}")).await));
    }
    ids
}

async fn page(api: &Api, path: &str) -> (Vec<String>, bool) {
    let p = api.get(path).await.ok();
    let ids = check_page(&p, 1000);
    (ids, p["has_more"] == true)
}

#[tokio::test]
async fn pages_forward_and_backward() {
    let s = TestServer::start().await;
    let api = s.api();
    let ids = workspaces(&api, 7).await;
    assert_ascending(&ids);
    assert_eq!(api.list_ids("/workspaces").await, ids, "creation order");
    let w = |a: usize, b: usize| ids[a..b].to_vec();
    let cases: Vec<(String, Vec<String>, bool)> = vec![
        ("limit=3".into(), w(0, 3), true),
        (format!("limit=3&after_id={}", ids[2]), w(3, 6), true),
        (format!("limit=3&after_id={}", ids[5]), w(6, 7), false),
        (format!("limit=3&after_id={}", ids[6]), vec![], false),
        (format!("limit=3&after_id={}", ids[3]), w(4, 7), false),
        (format!("limit=3&before_id={}", ids[6]), w(3, 6), true),
        (format!("limit=3&before_id={}", ids[3]), w(0, 3), false),
        (format!("limit=3&before_id={}", ids[4]), w(1, 4), true),
        (format!("limit=3&before_id={}", ids[1]), w(0, 1), false),
        (format!("limit=3&before_id={}", ids[0]), vec![], false),
        ("limit=7".into(), w(0, 7), false),
        ("limit=6".into(), w(0, 6), true),
        (format!("limit=1&after_id={}", ids[0]), w(1, 2), true),
        (format!("limit=1&before_id={}", ids[6]), w(5, 6), true),
    ];
    for (q, want, more) in cases {
        let (got, has_more) = page(&api, &format!("/workspaces?{q}")).await;
        assert_eq!(got, want, "{q}");
        assert_eq!(has_more, more, "has_more for {q}");
    }
    assert_eq!(api.walk_forward("/workspaces", 2).await, ids);
    assert_eq!(api.walk_forward("/workspaces", 1).await, ids);
    assert_eq!(api.walk_backward("/workspaces", 2, &ids[6]).await, w(0, 6));
}

#[tokio::test]
async fn default_limit_is_20() {
    let s = TestServer::start().await;
    let api = s.api();
    let mut ids = Vec::new();
    for i in 0..25 {
        ids.push(item_id(&api.create_invite(&format!("i{i}@example.com"), "user").await));
    }
    let first = api.get("/invites").await.ok();
    assert_eq!(check_page(&first, 20), ids[..20].to_vec());
    assert_eq!(first["has_more"], true);
    let second = api.get(&format!("/invites?after_id={}", ids[19])).await.ok();
    assert_eq!(check_page(&second, 20), ids[20..].to_vec());
    assert_eq!(second["has_more"], false);
}

#[tokio::test]
async fn limit_must_be_1_to_1000() {
    let s = TestServer::start().await;
    let api = s.api();
    s.user("a@example.com", "A", "developer").await;
    let w = item_id(&api.create_workspace("W").await);
    let members = format!("/workspaces/{w}/members");
    let lists = ["/users", "/invites", "/workspaces", "/api_keys", members.as_str()];
    for list in lists {
        for ok in ["1", "1000", "20"] {
            check_page(&api.get(&format!("{list}?limit={ok}")).await.ok(), 1000);
        }
        for bad in ["0", "1001", "-1", "abc", "1.5", "", "99999999999999999999"] {
            api.get(&format!("{list}?limit={bad}"))
                .await
                .expect_error(400, "invalid_request_error");
        }
    }
}

#[tokio::test]
async fn unknown_or_conflicting_cursors_are_400() {
    let s = TestServer::start().await;
    let api = s.api();
    let u = s.user("a@example.com", "A", "admin").await;
    let ids = workspaces(&api, 3).await;
    let inv = item_id(&api.create_invite("i@example.com", "user").await);
    let k = s.api_key("k", &u, None, None).await;
    let members = format!("/workspaces/{}/members", ids[0]);
    let cases: Vec<(&str, String)> = vec![
        ("/workspaces", format!("after_id={}", unknown_id("wrkspc_"))),
        ("/workspaces", format!("before_id={}", unknown_id("wrkspc_"))),
        ("/workspaces", format!("after_id={u}")),
        ("/workspaces", "after_id=garbage".into()),
        ("/workspaces", format!("after_id={}&before_id={}", ids[0], ids[2])),
        ("/users", format!("after_id={}", unknown_id("user_"))),
        ("/users", format!("before_id={}", ids[0])),
        ("/users", format!("after_id={u}&before_id={u}")),
        ("/invites", format!("after_id={}", unknown_id("invite_"))),
        ("/invites", format!("after_id={inv}&before_id={inv}")),
        ("/api_keys", format!("before_id={}", unknown_id("apikey_"))),
        ("/api_keys", format!("after_id={k}&before_id={k}")),
        (members.as_str(), format!("after_id={}", unknown_id("user_"))),
        (members.as_str(), format!("after_id={}", ids[1])),
    ];
    for (list, q) in cases {
        api.get(&format!("{list}?{q}"))
            .await
            .expect_error(400, "invalid_request_error");
    }
    // The same cursors, alone and known, work.
    for (list, q) in [
        ("/workspaces", format!("after_id={}", ids[0])),
        ("/users", format!("before_id={u}")),
        ("/invites", format!("after_id={inv}")),
        ("/api_keys", format!("before_id={k}")),
        (members.as_str(), format!("after_id={u}")),
    ] {
        check_page(&api.get(&format!("{list}?{q}")).await.ok(), 20);
    }
}

#[tokio::test]
async fn every_list_pages_the_same_way() {
    let s = TestServer::start().await;
    let api = s.api();
    let mut users = Vec::new();
    let roles: Vec<&str> = ORG_ROLES.iter().chain(["developer", "user"].iter()).copied().collect();
    for (i, role) in roles.iter().enumerate() {
        users.push(s.user(&format!("u{i}@example.com"), "U", role).await);
    }
    let ws = workspaces(&api, 5).await;
    // Admins, owners and billing members are members of every workspace already.
    for (i, u) in users.iter().enumerate() {
        if !ADMIN_ROLES.contains(&roles[i]) && roles[i] != "billing" {
            api.add_member(&ws[0], u, ASSIGNABLE_WORKSPACE_ROLES[i % 4]).await;
        }
    }
    for i in 0..5 {
        api.create_invite(&format!("i{i}@example.com"), "user").await;
        s.api_key(&format!("k{i}"), &users[i], Some(&ws[i % 2]), None).await;
    }
    let members = format!("/workspaces/{}/members", ws[0]);
    for list in ["/users", "/invites", "/workspaces", "/api_keys", members.as_str()] {
        let all = api.list_ids(list).await;
        assert!(all.len() >= 5, "{list}: {all:?}");
        assert_ascending(&all);
        for limit in [1, 2, 3] {
            assert_eq!(api.walk_forward(list, limit).await, all, "{list} limit={limit}");
            let last = all.last().unwrap();
            assert_eq!(
                api.walk_backward(list, limit, last).await,
                all[..all.len() - 1].to_vec(),
                "{list} backward limit={limit}"
            );
        }
    }
    assert_eq!(api.list_ids(&members).await, {
        let mut m = users.clone();
        m.sort();
        m
    });
}

#[tokio::test]
async fn has_more_follows_the_filters() {
    let s = TestServer::start().await;
    let api = s.api();
    let mut devs = Vec::new();
    for i in 0..7 {
        let role = if i % 2 == 0 { "developer" } else { "user" };
        let id = s.user(&format!("u{i}@example.com"), "U", role).await;
        if role == "developer" {
            devs.push(id);
        }
    }
    // Users after the last developer exist, yet the filtered walk must end cleanly.
    s.user("last@example.com", "Last", "user").await;
    for limit in [1, 2, 4] {
        assert_eq!(
            api.walk_forward("/users?roles[]=developer", limit).await,
            devs,
            "limit={limit}"
        );
    }
    let p = api
        .get(&format!("/users?roles[]=developer&limit=1&after_id={}", devs[2]))
        .await
        .ok();
    assert_eq!(check_page(&p, 1), vec![devs[3].clone()]);
    assert_eq!(p["has_more"], false);
    let p = api
        .get(&format!("/users?roles[]=developer&limit=1&before_id={}", devs[1]))
        .await
        .ok();
    assert_eq!(check_page(&p, 1), vec![devs[0].clone()]);
    assert_eq!(p["has_more"], false);

    // Invites: deleted ones are not counted in has_more of the default list.
    let a = item_id(&api.create_invite("a@example.com", "user").await);
    let b = item_id(&api.create_invite("b@example.com", "user").await);
    api.delete(&format!("/invites/{b}")).await.ok();
    let p = api.get("/invites?limit=1").await.ok();
    assert_eq!(check_page(&p, 1), vec![a.clone()]);
    assert_eq!(p["has_more"], false);

    // Workspaces: archived ones are not counted unless included.
    let w1 = item_id(&api.create_workspace("Live").await);
    let w2 = item_id(&api.create_workspace("Gone").await);
    api.archive_workspace(&w2).await;
    let p = api.get("/workspaces?limit=1").await.ok();
    assert_eq!(check_page(&p, 1), vec![w1.clone()]);
    assert_eq!(p["has_more"], false);
    let p = api.get("/workspaces?limit=1&include_archived=true").await.ok();
    assert_eq!(p["has_more"], true);
    assert_eq!(
        api.walk_forward("/workspaces?include_archived=true", 1).await,
        vec![w1, w2]
    );
}

/// Walks forward with limit 2, creating one item after each of the first `inserts` pages.
async fn walk_while_inserting<F, Fut>(
    api: &Api,
    path: &str,
    inserts: usize,
    mut insert: F,
) -> (Vec<String>, Vec<String>)
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = Value>,
{
    let mut seen = Vec::new();
    let mut created = Vec::new();
    let mut cursor: Option<String> = None;
    for step in 0..1000 {
        let q = match &cursor {
            Some(c) => format!("{path}?limit=2&after_id={c}"),
            None => format!("{path}?limit=2"),
        };
        let p = api.get(&q).await.ok();
        let ids = check_page(&p, 2);
        seen.extend(ids.iter().cloned());
        if step < inserts {
            created.push(item_id(&insert(step).await));
        }
        if p["has_more"] == false {
            return (seen, created);
        }
        cursor = ids.last().cloned();
    }
    panic!("walk never ended");
}

#[tokio::test]
async fn inserts_during_a_forward_walk_skip_and_repeat_nothing() {
    let s = TestServer::start().await;
    let api = s.api();
    let initial = workspaces(&api, 6).await;
    let (seen, created) = walk_while_inserting(&api, "/workspaces", 4, |i| {
        let api = api.clone();
        async move { api.create_workspace(&format!("New{i}")).await }
    })
    .await;
    assert_ascending(&seen);
    assert_eq!(seen, [initial.clone(), created.clone()].concat());

    let mut invites = Vec::new();
    for i in 0..5 {
        invites.push(item_id(
            &api.create_invite(&format!("old{i}@example.com"), "user").await,
        ));
    }
    let (seen, created) = walk_while_inserting(&api, "/invites", 3, |i| {
        let api = api.clone();
        async move { api.create_invite(&format!("new{i}@example.com"), "developer").await }
    })
    .await;
    assert_ascending(&seen);
    assert_eq!(seen, [invites, created].concat());
}

#[tokio::test]
async fn inserts_during_a_backward_walk_skip_and_repeat_nothing() {
    let s = TestServer::start().await;
    let api = s.api();
    let mut invites = Vec::new();
    for i in 0..7 {
        invites.push(item_id(
            &api.create_invite(&format!("old{i}@example.com"), "user").await,
        ));
    }
    let mut pages: Vec<Vec<String>> = Vec::new();
    let mut cursor = invites.last().unwrap().clone();
    for step in 0..100 {
        let p = api.get(&format!("/invites?limit=2&before_id={cursor}")).await.ok();
        let ids = check_page(&p, 2);
        api.create_invite(&format!("new{step}@example.com"), "user").await;
        pages.push(ids.clone());
        if p["has_more"] == false {
            break;
        }
        cursor = ids[0].clone();
    }
    pages.reverse();
    assert_eq!(pages.concat(), invites[..6].to_vec());
    assert_eq!(api.list_all("/invites").await.len(), 7 + pages.len());
}

/// With `include_default=true`, the default workspace is the list's first item: the first page
/// starts with it, a cursor may name it, and has_more counts it, in both directions.
#[tokio::test]
async fn the_default_workspace_pages_first_with_include_default() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = workspaces(&api, 3).await;
    let first = api.get("/workspaces?include_default=true&limit=1").await.ok();
    let d = first["data"][0]["id"]
        .as_str()
        .expect("the default workspace")
        .to_owned();
    assert_eq!(first["data"][0]["name"], DEFAULT_WORKSPACE_NAME);
    assert!(!ws.contains(&d));
    // The list: D, w0, w1, w2.
    let all: Vec<String> = [vec![d.clone()], ws.clone()].concat();
    let w = |a: usize, b: usize| all[a..b].to_vec();
    let cases: Vec<(String, Vec<String>, bool)> = vec![
        ("limit=1".into(), w(0, 1), true),
        ("limit=2".into(), w(0, 2), true),
        ("limit=3".into(), w(0, 3), true),
        ("limit=4".into(), w(0, 4), false),
        ("limit=20".into(), w(0, 4), false),
        // After the default workspace: the rows from the start.
        (format!("limit=1&after_id={d}"), w(1, 2), true),
        (format!("limit=2&after_id={d}"), w(1, 3), true),
        (format!("limit=3&after_id={d}"), w(1, 4), false),
        (format!("limit=2&after_id={}", ws[0]), w(2, 4), false),
        (format!("limit=1&after_id={}", ws[2]), vec![], false),
        // Before it: nothing.
        (format!("limit=3&before_id={d}"), vec![], false),
        // Before a row: the default workspace ends the walk back, when there is room for it.
        (format!("limit=1&before_id={}", ws[0]), w(0, 1), false),
        (format!("limit=3&before_id={}", ws[0]), w(0, 1), false),
        (format!("limit=1&before_id={}", ws[1]), w(1, 2), true),
        (format!("limit=2&before_id={}", ws[1]), w(0, 2), false),
        (format!("limit=2&before_id={}", ws[2]), w(1, 3), true),
        (format!("limit=3&before_id={}", ws[2]), w(0, 3), false),
        (format!("limit=20&before_id={}", ws[2]), w(0, 3), false),
    ];
    for (q, want, more) in cases {
        let p = api.get(&format!("/workspaces?include_default=true&{q}")).await.ok();
        let got = check_page(&p, 1000);
        assert_eq!(got, want, "{q}");
        assert_eq!(p["has_more"] == true, more, "has_more for {q}: {p}");
    }
    // Whole walks, forward and back, at every page size.
    for limit in [1, 2, 3, 5] {
        assert_eq!(
            api.walk_forward("/workspaces?include_default=true", limit).await,
            all,
            "limit={limit}"
        );
        assert_eq!(
            api.walk_backward("/workspaces?include_default=true", limit, &ws[2])
                .await,
            w(0, 3),
            "backward limit={limit}"
        );
    }
    // Without include_default it is no item of the list: a cursor naming it is a 400.
    for q in [format!("after_id={d}"), format!("before_id={d}")] {
        api.get(&format!("/workspaces?{q}"))
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.walk_forward("/workspaces", 1).await, ws);
}

#[tokio::test]
async fn the_default_workspace_pages_first_among_archived_ones_too() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = workspaces(&api, 3).await;
    api.archive_workspace(&ws[0]).await;
    let d = item_id(&api.list_all("/workspaces?include_default=true").await[0]);
    assert_eq!(
        api.list_ids("/workspaces?include_default=true").await,
        vec![d.clone(), ws[1].clone(), ws[2].clone()]
    );
    let every = "/workspaces?include_default=true&include_archived=true";
    let all: Vec<String> = [vec![d.clone()], ws.clone()].concat();
    for limit in [1, 2, 3] {
        assert_eq!(api.walk_forward(every, limit).await, all, "limit={limit}");
    }
    // Only archived ones besides it, then nothing at all: still first, then the end.
    api.archive_workspace(&ws[1]).await;
    api.archive_workspace(&ws[2]).await;
    let p = api.get("/workspaces?include_default=true&limit=1").await.ok();
    assert_eq!(
        (check_page(&p, 1), &p["has_more"]),
        (vec![d.clone()], &serde_json::json!(false))
    );
    let p = api
        .get(&format!("/workspaces?include_default=true&after_id={d}"))
        .await
        .ok();
    assert_eq!(
        (check_page(&p, 20), &p["has_more"]),
        (vec![], &serde_json::json!(false))
    );
}
