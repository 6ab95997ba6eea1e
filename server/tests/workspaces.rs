//! Workspaces: `/v1/organizations/workspaces`.
mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn create_and_get_a_workspace() {
    let s = TestServer::start().await;
    let api = s.api();
    let before = now_micros();
    let ws = api.create_workspace("Research").await;
    assert!(ws["archived_at"].is_null(), "{ws}");
    assert_time_near(&ws["created_at"], before, 5 * 60 * SECOND);
    let id = str_of(&ws, "id");
    assert_eq!(api.get(&format!("/workspaces/{id}")).await.ok(), ws);
    assert_eq!(api.list_all("/workspaces").await, vec![ws.clone()]);
}

#[tokio::test]
async fn display_color_is_kept_or_rejected() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = api
        .post("/workspaces", &json!({"name": "Colored", "display_color": "#1A2B3C"}))
        .await
        .ok();
    check_workspace(&ws);
    assert!(str_of(&ws, "display_color").eq_ignore_ascii_case("#1A2B3C"), "{ws}");
    for color in [
        json!("red"),
        json!("#12345"),
        json!("#1234567"),
        json!("#GGGGGG"),
        json!("123456"),
        json!(""),
        json!(123456),
    ] {
        api.post("/workspaces", &json!({"name": "Bad", "display_color": color}))
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.list_all("/workspaces").await.len(), 1);
}

#[tokio::test]
async fn name_is_1_to_40_characters_after_trimming() {
    let s = TestServer::start().await;
    let api = s.api();
    let forty = "x".repeat(40);
    let forty_wide = "é".repeat(40);
    let padded = format!("  {}  ", "y".repeat(40));
    for name in ["A", forty.as_str(), forty_wide.as_str()] {
        let ws = api.create_workspace(name).await;
        assert_eq!(ws["name"], name);
    }
    let ws = api.post("/workspaces", &json!({ "name": padded })).await.ok();
    check_workspace(&ws);
    assert_eq!(
        str_of(&ws, "name").trim(),
        "y".repeat(40),
        "a 40-character name with spaces around is accepted"
    );
    let too_long = "z".repeat(41);
    let too_long_wide = "é".repeat(41);
    for name in [json!(""), json!("   "), json!(too_long), json!(too_long_wide)] {
        api.post("/workspaces", &json!({ "name": name }))
            .await
            .expect_error(400, "invalid_request_error");
    }
    for body in [json!({}), json!({"name": 7}), json!({"name": null}), json!(["x"])] {
        api.post("/workspaces", &body)
            .await
            .expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.list_all("/workspaces").await.len(), 4);
}

#[tokio::test]
async fn list_leaves_out_archived_workspaces_unless_asked() {
    let s = TestServer::start().await;
    let api = s.api();
    let a = api.create_workspace("A").await;
    let b = api.create_workspace("B").await;
    let c = api.create_workspace("C").await;
    let archived_b = api.archive_workspace(str_of(&b, "id")).await;
    let ids = |v: &[&Value]| v.iter().map(|w| item_id(w)).collect::<Vec<_>>();
    assert_eq!(api.list_ids("/workspaces").await, ids(&[&a, &c]));
    assert_eq!(api.list_ids("/workspaces?include_archived=false").await, ids(&[&a, &c]));
    let all = api.list_all("/workspaces?include_archived=true").await;
    assert_eq!(all, vec![a, archived_b, c]);
}

#[tokio::test]
async fn updating_name_and_color() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = api.create_workspace("Before").await;
    let id = str_of(&ws, "id");
    let path = format!("/workspaces/{id}");
    let renamed = api.post(&path, &json!({"name": "After"})).await.ok();
    check_workspace(&renamed);
    assert_eq!(renamed["name"], "After");
    assert_eq!(renamed["display_color"], ws["display_color"]);
    assert_eq!(renamed["created_at"], ws["created_at"]);
    let recolored = api.post(&path, &json!({"display_color": "#00FF7F"})).await.ok();
    assert_eq!(recolored["name"], "After");
    assert!(str_of(&recolored, "display_color").eq_ignore_ascii_case("#00ff7f"));
    let both = api
        .post(&path, &json!({"name": "Both", "display_color": "#ABCDEF"}))
        .await
        .ok();
    assert_eq!(both["name"], "Both");
    assert_eq!(api.get(&path).await.ok(), both);
    assert_eq!(api.list_all("/workspaces").await, vec![both.clone()]);
    for body in [
        json!({"name": ""}),
        json!({"name": "  "}),
        json!({"name": "n".repeat(41)}),
        json!({"name": 1}),
        json!({"display_color": "blue"}),
        json!({"display_color": "#12345G"}),
    ] {
        api.post(&path, &body).await.expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.get(&path).await.ok(), both);
}

#[tokio::test]
async fn archiving_sets_archived_at_and_is_irreversible() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = api.create_workspace("Old").await;
    let id = str_of(&ws, "id");
    let before = now_micros();
    let archived = api.archive_workspace(id).await;
    assert_eq!(archived["id"], id);
    assert_eq!(archived["name"], "Old");
    assert_time_near(&archived["archived_at"], before, 5 * 60 * SECOND);
    assert_eq!(api.get(&format!("/workspaces/{id}")).await.ok(), archived);
    api.post_empty(&format!("/workspaces/{id}/archive"))
        .await
        .expect_error(400, "invalid_request_error");
    api.post(&format!("/workspaces/{id}"), &json!({"name": "Renamed"}))
        .await
        .expect_error(400, "invalid_request_error");
    api.post(&format!("/workspaces/{id}"), &json!({"display_color": "#000000"}))
        .await
        .expect_error(400, "invalid_request_error");
    assert_eq!(api.get(&format!("/workspaces/{id}")).await.ok(), archived);
}

#[tokio::test]
async fn archive_accepts_an_empty_json_body() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = api.create_workspace("Old").await;
    let id = str_of(&ws, "id");
    let archived = api.post(&format!("/workspaces/{id}/archive"), &json!({})).await.ok();
    check_workspace(&archived);
    assert!(!archived["archived_at"].is_null(), "{archived}");
}

#[tokio::test]
async fn archiving_archives_that_workspaces_api_keys_only() {
    let s = TestServer::start().await;
    let api = s.api();
    let u = s.user("dev@example.com", "Dev", "developer").await;
    let w1 = api.create_workspace("One").await;
    let w2 = api.create_workspace("Two").await;
    let (w1, w2) = (str_of(&w1, "id"), str_of(&w2, "id"));
    let a = s.api_key("w1 active", &u, Some(w1), None).await;
    let b = s.api_key("w1 inactive", &u, Some(w1), Some("inactive")).await;
    let c = s.api_key("w2 active", &u, Some(w2), None).await;
    let d = s.api_key("default inactive", &u, None, Some("inactive")).await;
    let e = s.api_key("default active", &u, None, Some("active")).await;
    api.archive_workspace(w1).await;
    let status = |k: &str| {
        let api = api.clone();
        let k = k.to_string();
        async move {
            let key = api.get(&format!("/api_keys/{k}")).await.ok();
            check_api_key(&key);
            str_of(&key, "status").to_string()
        }
    };
    assert_eq!(status(&a).await, "archived");
    assert_eq!(status(&b).await, "archived");
    assert_eq!(status(&c).await, "active");
    assert_eq!(status(&d).await, "inactive");
    assert_eq!(status(&e).await, "active");
}

#[tokio::test]
async fn at_most_100_active_workspaces() {
    let s = TestServer::start().await;
    let api = s.api();
    let mut ids = Vec::new();
    for i in 0..100 {
        ids.push(item_id(&api.create_workspace(&format!("W{i}")).await));
    }
    api.post("/workspaces", &json!({"name": "One too many"}))
        .await
        .expect_error(400, "invalid_request_error");
    // Archived workspaces do not count.
    api.archive_workspace(&ids[0]).await;
    api.create_workspace("Replacement").await;
    api.post("/workspaces", &json!({"name": "Again too many"}))
        .await
        .expect_error(400, "invalid_request_error");
    assert_eq!(api.list_all("/workspaces").await.len(), 100);
    assert_eq!(api.list_all("/workspaces?include_archived=true").await.len(), 101);
}

#[tokio::test]
async fn unknown_or_malformed_workspace_ids() {
    let s = TestServer::start().await;
    let api = s.api();
    api.create_workspace("Real").await;
    let unknown = unknown_id("wrkspc_");
    api.get(&format!("/workspaces/{unknown}"))
        .await
        .expect_error(404, "not_found_error");
    api.post(&format!("/workspaces/{unknown}"), &json!({"name": "x"}))
        .await
        .expect_error(404, "not_found_error");
    api.post_empty(&format!("/workspaces/{unknown}/archive"))
        .await
        .expect_error(404, "not_found_error");
    for bad in ["nope", "wrkspc_0OIl", &unknown_id("user_"), "default"] {
        api.get(&format!("/workspaces/{bad}")).await.expect_rejected_id();
        api.post(&format!("/workspaces/{bad}"), &json!({"name": "x"}))
            .await
            .expect_rejected_id();
        api.post_empty(&format!("/workspaces/{bad}/archive"))
            .await
            .expect_rejected_id();
    }
    assert_eq!(api.list_all("/workspaces").await.len(), 1);
}

#[tokio::test]
async fn concurrent_creations_respect_the_100_limit() {
    let s = TestServer::start().await;
    let api = s.api();
    for i in 0..97 {
        api.create_workspace(&format!("W{i}")).await;
    }
    let responses = concurrently(16, |i| {
        let api = api.clone();
        async move { api.post("/workspaces", &json!({ "name": format!("Race{i}") })).await }
    })
    .await;
    assert_eq!(count_status(&responses, 200), 3, "exactly 3 of 16 fit under the limit");
    for r in responses.iter().filter(|r| r.status != 200) {
        r.expect_error(400, "invalid_request_error");
    }
    assert_eq!(api.list_all("/workspaces").await.len(), 100);
}

#[tokio::test]
async fn concurrent_archives_archive_once() {
    let s = TestServer::start().await;
    let api = s.api();
    let id = item_id(&api.create_workspace("Once").await);
    let responses = concurrently(16, |_| {
        let (api, id) = (api.clone(), id.clone());
        async move { api.post_empty(&format!("/workspaces/{id}/archive")).await }
    })
    .await;
    assert_eq!(count_status(&responses, 200), 1, "archived exactly once");
    for r in responses.iter().filter(|r| r.status != 200) {
        r.expect_error(400, "invalid_request_error");
    }
    let winner = responses.iter().find(|r| r.status == 200).unwrap().ok();
    assert_eq!(api.get(&format!("/workspaces/{id}")).await.ok(), winner);
}

/// The default workspace, as listed first with `include_default=true`.
async fn default_workspace(api: &Api) -> Value {
    let listed = api.list_all("/workspaces?include_default=true").await;
    check_default_workspace(&listed[0]);
    listed[0].clone()
}

fn residency(allowed: Value, default: &str) -> Value {
    json!({"workspace_geo": "us", "allowed_inference_geos": allowed, "default_inference_geo": default})
}

#[tokio::test]
async fn a_new_workspace_has_todays_fields() {
    let s = TestServer::start().await;
    let api = s.api();
    let a = api.create_workspace("A").await;
    let b = api.create_workspace("B").await;
    // Unrestricted inference, global by default, data in the US; no tags; the two ids the
    // reference server has no use for are null.
    assert_eq!(a["data_residency"], residency(json!("unrestricted"), "global"));
    assert_eq!(a["tags"], json!({}));
    assert!(a["external_key_id"].is_null() && a["user_profile_id"].is_null(), "{a}");
    // A compartment per workspace, stable.
    assert_ne!(a["compartment_id"], b["compartment_id"]);
    let id = item_id(&a);
    assert_eq!(
        api.get(&format!("/workspaces/{id}")).await.ok()["compartment_id"],
        a["compartment_id"]
    );
    let renamed = api
        .post(&format!("/workspaces/{id}"), &json!({"name": "A2"}))
        .await
        .ok();
    assert_eq!(renamed["compartment_id"], a["compartment_id"]);
}

#[tokio::test]
async fn data_residency_is_set_at_creation() {
    let s = TestServer::start().await;
    let api = s.api();
    let cases = [
        (
            json!({"workspace_geo": "us", "allowed_inference_geos": ["us"], "default_inference_geo": "us"}),
            residency(json!(["us"]), "us"),
        ),
        (
            json!({"allowed_inference_geos": ["us", "global"], "default_inference_geo": "global"}),
            residency(json!(["us", "global"]), "global"),
        ),
        // Without a default geo, the first allowed one.
        (
            json!({"allowed_inference_geos": ["us"]}),
            residency(json!(["us"]), "us"),
        ),
        (
            json!({"allowed_inference_geos": "unrestricted", "default_inference_geo": "us"}),
            residency(json!("unrestricted"), "us"),
        ),
        (
            json!({"default_inference_geo": "us"}),
            residency(json!("unrestricted"), "us"),
        ),
        (
            json!({"workspace_geo": "us"}),
            residency(json!("unrestricted"), "global"),
        ),
        (json!({}), residency(json!("unrestricted"), "global")),
    ];
    for (i, (asked, want)) in cases.into_iter().enumerate() {
        let ws = api
            .post(
                "/workspaces",
                &json!({"name": format!("W{i}"), "data_residency": asked}),
            )
            .await
            .ok();
        check_workspace(&ws);
        assert_eq!(ws["data_residency"], want, "{asked}");
        assert_eq!(api.get(&format!("/workspaces/{}", item_id(&ws))).await.ok(), ws);
    }
}

#[tokio::test]
async fn invalid_data_residency_is_400() {
    let s = TestServer::start().await;
    let api = s.api();
    let bad = [
        // The data stays in the US.
        (json!({"workspace_geo": "global"}), "workspace_geo"),
        (json!({"workspace_geo": "eu"}), "workspace_geo"),
        // Geos are us or global, each once, at least one.
        (json!({"allowed_inference_geos": ["eu"]}), "allowed_inference_geos"),
        (
            json!({"allowed_inference_geos": ["us", "us"]}),
            "allowed_inference_geos",
        ),
        (json!({"allowed_inference_geos": []}), "allowed_inference_geos"),
        (json!({"allowed_inference_geos": "anywhere"}), "allowed_inference_geos"),
        (json!({"default_inference_geo": "eu"}), "default_inference_geo"),
        (json!({"default_inference_geo": "US"}), "default_inference_geo"),
        // The default must be allowed.
        (
            json!({"allowed_inference_geos": ["us"], "default_inference_geo": "global"}),
            "default_inference_geo",
        ),
        (json!({"region": "us"}), "region"),
        (json!({"allowed_inference_geos": 1}), "allowed_inference_geos"),
        (json!("us"), "data_residency"),
    ];
    for (residency, named) in bad {
        let message = api
            .post("/workspaces", &json!({"name": "Bad", "data_residency": residency}))
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains(named), "{residency}: {message}");
    }
    assert!(api.list_all("/workspaces").await.is_empty());
}

#[tokio::test]
async fn tags_are_set_at_creation() {
    let s = TestServer::start().await;
    let api = s.api();
    let tags = json!({"team": "ml", "cost-center": "cc-104", "note": ""});
    let ws = api
        .post("/workspaces", &json!({"name": "Tagged", "tags": tags}))
        .await
        .ok();
    check_workspace(&ws);
    assert_eq!(ws["tags"], tags);
    assert_eq!(api.get(&format!("/workspaces/{}", item_id(&ws))).await.ok(), ws);
    assert_eq!(api.list_all("/workspaces").await, vec![ws]);
    // Keys starting with `anthropic` are reserved, in any case; values are strings.
    for tags in [
        json!({"anthropic": "x"}),
        json!({"anthropic-team": "x"}),
        json!({"Anthropic_env": "x"}),
        json!({"ANTHROPICx": "x"}),
        json!({"": "x"}),
        json!({"team": null}),
        json!({"team": 5}),
        json!(["team"]),
    ] {
        let message = api
            .post("/workspaces", &json!({"name": "Bad", "tags": tags}))
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains("tag"), "{tags}: {message}");
    }
    // Only the reserved prefix: `anthropic` elsewhere in a key is fine.
    let ws = api
        .post("/workspaces", &json!({"name": "Fine", "tags": {"not-anthropic": "1"}}))
        .await
        .ok();
    assert_eq!(ws["tags"], json!({"not-anthropic": "1"}));
    assert_eq!(api.list_all("/workspaces").await.len(), 2);
}

#[tokio::test]
async fn updating_tags_sets_and_removes_only_the_tags_named() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = api
        .post(
            "/workspaces",
            &json!({"name": "T", "tags": {"team": "ml", "env": "prod"}}),
        )
        .await
        .ok();
    let path = format!("/workspaces/{}", item_id(&ws));
    let steps = [
        (json!({"env": "staging"}), json!({"team": "ml", "env": "staging"})),
        (
            json!({"owner": "ada"}),
            json!({"team": "ml", "env": "staging", "owner": "ada"}),
        ),
        // A null value removes that tag; a tag that is not there is removed as a no-op.
        (
            json!({"team": null, "missing": null}),
            json!({"env": "staging", "owner": "ada"}),
        ),
        (json!({}), json!({"env": "staging", "owner": "ada"})),
        (json!({"env": null, "owner": null}), json!({})),
    ];
    for (change, want) in steps {
        let updated = api.post(&path, &json!({ "tags": change })).await.ok();
        check_workspace(&updated);
        assert_eq!(updated["tags"], want, "{change}");
        assert_eq!(updated["name"], "T");
        assert_eq!(updated["data_residency"], ws["data_residency"]);
        assert_eq!(api.get(&path).await.ok(), updated);
    }
    api.post(&path, &json!({"tags": {"team": "ml"}})).await.ok();
    for tags in [
        json!({"anthropic-x": "1"}),
        json!({"AnthropicTeam": null}),
        json!({"team": 5}),
        json!({"": "x"}),
        json!("team"),
    ] {
        let message = api
            .post(&path, &json!({ "tags": tags }))
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains("tag"), "{tags}: {message}");
    }
    assert_eq!(api.get(&path).await.ok()["tags"], json!({"team": "ml"}));
}

#[tokio::test]
async fn updating_data_residency_keeps_the_workspace_geo() {
    let s = TestServer::start().await;
    let api = s.api();
    let ws = api.create_workspace("R").await;
    let path = format!("/workspaces/{}", item_id(&ws));
    let steps = [
        // Restricting to the US moves the default there.
        (
            json!({"allowed_inference_geos": ["us"]}),
            residency(json!(["us"]), "us"),
        ),
        (
            json!({"allowed_inference_geos": ["global", "us"]}),
            residency(json!(["global", "us"]), "us"),
        ),
        (
            json!({"default_inference_geo": "global"}),
            residency(json!(["global", "us"]), "global"),
        ),
        (
            json!({"allowed_inference_geos": "unrestricted"}),
            residency(json!("unrestricted"), "global"),
        ),
        (json!({}), residency(json!("unrestricted"), "global")),
    ];
    for (change, want) in steps {
        let updated = api.post(&path, &json!({ "data_residency": change })).await.ok();
        check_workspace(&updated);
        assert_eq!(updated["data_residency"], want, "{change}");
        assert_eq!(api.get(&path).await.ok(), updated);
    }
    api.post(
        &path,
        &json!({"data_residency": {"allowed_inference_geos": ["us"], "default_inference_geo": "us"}}),
    )
    .await
    .ok();
    for (change, named) in [
        // Fixed at creation, even to the value it has.
        (json!({"workspace_geo": "us"}), "workspace_geo"),
        (json!({"workspace_geo": "global"}), "workspace_geo"),
        // The default must be allowed.
        (json!({"default_inference_geo": "global"}), "default_inference_geo"),
        (
            json!({"allowed_inference_geos": ["global"], "default_inference_geo": "us"}),
            "default_inference_geo",
        ),
        (json!({"allowed_inference_geos": ["mars"]}), "allowed_inference_geos"),
        (json!({"allowed_inference_geos": []}), "allowed_inference_geos"),
    ] {
        let message = api
            .post(&path, &json!({ "data_residency": change }))
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains(named), "{change}: {message}");
    }
    assert_eq!(
        api.get(&path).await.ok()["data_residency"],
        residency(json!(["us"]), "us")
    );
    // An archived workspace changes no more.
    api.archive_workspace(&item_id(&ws)).await;
    for body in [
        json!({"data_residency": {"allowed_inference_geos": "unrestricted"}}),
        json!({"tags": {"team": "x"}}),
    ] {
        api.post(&path, &body).await.expect_error(400, "invalid_request_error");
    }
}

#[tokio::test]
async fn the_default_workspace_is_read_but_never_changed() {
    let s = TestServer::start().await;
    let api = s.api();
    let live = api.create_workspace("Live").await;
    let default = default_workspace(&api).await;
    let id = item_id(&default);
    assert_ne!(id, item_id(&live));
    assert_eq!(default["data_residency"], residency(json!("unrestricted"), "global"));
    // Read by its id, the same every time.
    assert_eq!(api.get(&format!("/workspaces/{id}")).await.ok(), default);
    assert_eq!(default_workspace(&api).await, default);
    // Never listed unless asked for.
    assert_eq!(api.list_all("/workspaces").await, vec![live.clone()]);
    assert_eq!(
        api.list_all("/workspaces?include_archived=true").await,
        vec![live.clone()]
    );
    assert_eq!(
        api.list_all("/workspaces?include_default=false").await,
        vec![live.clone()]
    );
    for yes in ["true", "True", "TRUE"] {
        assert_eq!(
            api.list_all(&format!("/workspaces?include_default={yes}")).await,
            vec![default.clone(), live.clone()],
            "{yes}"
        );
    }
    api.get("/workspaces?include_default=yes")
        .await
        .expect_error(400, "invalid_request_error");
    // Cannot be renamed, recolored, retagged, restricted or archived.
    for body in [
        json!({"name": "Mine now"}),
        json!({"display_color": "#000000"}),
        json!({"tags": {"team": "x"}}),
        json!({"data_residency": {"allowed_inference_geos": ["us"]}}),
        json!({}),
    ] {
        let message = api
            .post(&format!("/workspaces/{id}"), &body)
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains("default workspace"), "{body}: {message}");
    }
    for archive in [
        api.post_empty(&format!("/workspaces/{id}/archive")).await,
        api.post(&format!("/workspaces/{id}/archive"), &json!({})).await,
    ] {
        let message = archive.expect_error(400, "invalid_request_error");
        assert!(message.contains("default workspace"), "{message}");
    }
    assert_eq!(api.get(&format!("/workspaces/{id}")).await.ok(), default);
    // It does not count toward the 100 active workspaces: 99 more fit.
    for i in 0..99 {
        api.create_workspace(&format!("W{i}")).await;
    }
    api.post("/workspaces", &json!({"name": "One too many"}))
        .await
        .expect_error(400, "invalid_request_error");
}

#[tokio::test]
async fn ids_filter_lists_only_the_workspaces_named() {
    let s = TestServer::start().await;
    let api = s.api();
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(item_id(&api.create_workspace(&format!("W{i}")).await));
    }
    api.archive_workspace(&ids[3]).await;
    let default = item_id(&default_workspace(&api).await);
    let ids_query = |names: &[&String]| {
        names
            .iter()
            .map(|id| format!("ids[]={id}"))
            .collect::<Vec<_>>()
            .join("&")
    };
    let unknown = unknown_id("wrkspc_");
    let cases: Vec<(String, Vec<&String>)> = vec![
        // In list order, whatever order they are named in; unknown ids name nothing.
        (ids_query(&[&ids[4], &ids[0]]), vec![&ids[0], &ids[4]]),
        (ids_query(&[&ids[1], &unknown]), vec![&ids[1]]),
        (ids_query(&[&ids[1], &ids[1]]), vec![&ids[1]]),
        (ids_query(&[&unknown]), vec![]),
        // Archived ones only with include_archived.
        (ids_query(&[&ids[3], &ids[2]]), vec![&ids[2]]),
        (
            format!("{}&include_archived=true", ids_query(&[&ids[3], &ids[2]])),
            vec![&ids[2], &ids[3]],
        ),
        // The default workspace only with include_default, and then only when named.
        (ids_query(&[&default, &ids[0]]), vec![&ids[0]]),
        (
            format!("{}&include_default=true", ids_query(&[&default, &ids[0]])),
            vec![&default, &ids[0]],
        ),
        (format!("{}&include_default=true", ids_query(&[&ids[0]])), vec![&ids[0]]),
        // Percent-encoded brackets, as browsers send them.
        (
            format!("ids%5B%5D={}&ids%5B%5D={}", ids[2], ids[1]),
            vec![&ids[1], &ids[2]],
        ),
    ];
    for (q, want) in cases {
        let got = api.list_ids(&format!("/workspaces?{q}")).await;
        let want: Vec<String> = want.into_iter().cloned().collect();
        assert_eq!(got, want, "{q}");
    }
    // A cursor of the filtered list pages it.
    let q = ids_query(&[&ids[0], &ids[2], &ids[4]]);
    let page = api.get(&format!("/workspaces?{q}&limit=2")).await.ok();
    assert_eq!(check_page(&page, 2), vec![ids[0].clone(), ids[2].clone()]);
    assert_eq!(page["has_more"], true);
    let page = api
        .get(&format!("/workspaces?{q}&limit=2&after_id={}", ids[2]))
        .await
        .ok();
    assert_eq!(check_page(&page, 2), vec![ids[4].clone()]);
    assert_eq!(page["has_more"], false);
    api.get(&format!("/workspaces?{q}&after_id={}", ids[1]))
        .await
        .expect_error(400, "invalid_request_error");
}

#[tokio::test]
async fn ids_filter_takes_at_most_100() {
    let s = TestServer::start().await;
    let api = s.api();
    let real = item_id(&api.create_workspace("Real").await);
    // Well formed (base58) but unknown ids.
    let unknown = |i: usize| {
        let digits = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        format!(
            "wrkspc_{}{}{}",
            "1".repeat(22),
            digits[i / 58] as char,
            digits[i % 58] as char
        )
    };
    let many = |n: usize| {
        let mut names: Vec<String> = (0..n - 1).map(|i| format!("ids[]={}", unknown(i))).collect();
        names.push(format!("ids[]={real}"));
        names.join("&")
    };
    assert_eq!(
        api.list_ids(&format!("/workspaces?{}", many(100))).await,
        vec![real.clone()]
    );
    for n in [101, 250] {
        let message = api
            .get(&format!("/workspaces?{}", many(n)))
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains("ids[]") && message.contains("100"), "{message}");
    }
    // A malformed id can match nothing: a 400 that names it, as the OpenAPI pattern says.
    for bad in ["wrkspc_0OIl", "user_11111111111111111111111A", "x"] {
        let message = api
            .get(&format!("/workspaces?ids[]={real}&ids[]={bad}"))
            .await
            .expect_error(400, "invalid_request_error");
        assert!(message.contains("ids[]") && message.contains(bad), "{message}");
    }
}
