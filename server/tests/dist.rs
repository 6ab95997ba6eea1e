//! `serve --dist DIR`: the console's static files with SPA fallback, and `/config.json`; the
//! precompressed `.br`/`.gz` copies the build writes, chosen by `accept-encoding`, and caching by
//! file kind.
mod common;

use common::*;

const INDEX: &str = "<!doctype html><html><body>INDEX-MARKER</body></html>";
const SCRIPT: &str = "console.log('SCRIPT-MARKER');";
const STYLE: &str = "body { color: #123456; } /* STYLE-MARKER */";

/// Files named as trunk names them (a content hash in the name), each with a `.br` and a `.gz`
/// copy whose bytes say which one was sent: (path, content-type, raw bytes).
const HASHED_WASM: &str = "/admin-console-0123456789abcdef_bg.wasm";
const HASHED_JS: &str = "/admin-console-0123456789abcdef.js";
const HASHED_CSS: &str = "/style-fedcba9876543210.css";
const PRECOMPRESSED: [(&str, &str, &[u8]); 5] = [
    ("/index.html", "text/html", INDEX.as_bytes()),
    ("/404.html", "text/html", INDEX.as_bytes()),
    (HASHED_WASM, "application/wasm", b"\0asm\x01\0\0\0 WASM-MARKER"),
    (HASHED_JS, "text/javascript", b"export function start() {} // JS-MARKER"),
    (HASHED_CSS, "text/css", b"main { margin: 0 } /* CSS-MARKER */"),
];

/// What the build would write as the brotli or gzip copy of `path`: here, bytes that name it.
fn copy_of(path: &str, encoding: &str) -> Vec<u8> {
    format!("{encoding} copy of {path}").into_bytes()
}

async fn with_dist() -> (TestServer, tempfile::TempDir) {
    let dist = tempfile::tempdir().expect("dist dir");
    // app.js and assets/site.css have no compressed copies and no hash in their names.
    std::fs::write(dist.path().join("app.js"), SCRIPT).unwrap();
    std::fs::create_dir(dist.path().join("assets")).unwrap();
    std::fs::write(dist.path().join("assets/site.css"), STYLE).unwrap();
    for (path, _, body) in PRECOMPRESSED {
        let file = dist.path().join(path.trim_start_matches('/'));
        std::fs::write(&file, body).unwrap();
        for (encoding, extension) in [("br", "br"), ("gzip", "gz")] {
            let mut name = file.clone().into_os_string();
            name.push(format!(".{extension}"));
            std::fs::write(name, copy_of(path, encoding)).unwrap();
        }
    }
    let s = TestServer::start_with(ServeOptions {
        dist: Some(dist.path().to_path_buf()),
        ..Default::default()
    })
    .await;
    (s, dist)
}

/// A response read as bytes (`send` reads text), with no decoding: the client has no
/// decompression, so the bytes are the ones the server sent.
struct Raw {
    label: String,
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().expect("ASCII header"))
    }

    fn expect(&self, body: &[u8], content_type: &str, encoding: Option<&str>) {
        assert_eq!(self.status, 200, "{}", self.label);
        assert_eq!(
            String::from_utf8_lossy(&self.body),
            String::from_utf8_lossy(body),
            "{}: the body",
            self.label
        );
        let ct = self.header("content-type").unwrap_or_default();
        assert!(
            ct.starts_with(content_type),
            "{}: content-type {ct:?}, expected {content_type} (the original file's)",
            self.label
        );
        assert_eq!(
            self.header("content-encoding"),
            encoding,
            "{}: content-encoding",
            self.label
        );
        let vary: Vec<String> = self
            .headers
            .get_all("vary")
            .iter()
            .flat_map(|v| v.to_str().unwrap().split(','))
            .map(|v| v.trim().to_ascii_lowercase())
            .collect();
        assert!(
            vary.iter().any(|v| v == "accept-encoding"),
            "{}: vary {vary:?} must name accept-encoding",
            self.label
        );
    }

    fn cache_control(&self) -> &str {
        self.header("cache-control")
            .unwrap_or_else(|| panic!("{}: no cache-control in {:?}", self.label, self.headers))
    }
}

async fn fetch(s: &TestServer, path: &str, accept_encoding: Option<&str>) -> Raw {
    let mut request = s.http().get(s.url(path));
    let label = match accept_encoding {
        Some(value) => {
            request = request.header("accept-encoding", value);
            format!("GET {path} (accept-encoding: {value})")
        }
        None => format!("GET {path} (no accept-encoding)"),
    };
    let response = request.send().await.unwrap_or_else(|e| panic!("{label}: {e}"));
    Raw {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.bytes().await.expect("body").to_vec(),
        label,
    }
}

async fn get(s: &TestServer, path: &str) -> Resp {
    send(s.http().get(s.url(path))).await
}

fn expect_file(r: &Resp, body: &str, content_type: &str) {
    assert_eq!(r.status, 200, "{}: {} {}", r.label, r.status, r.text);
    assert_eq!(r.text, body, "{}", r.label);
    let ct = r.must_header("content-type");
    assert!(
        ct.starts_with(content_type),
        "{}: content-type {ct:?}, expected {content_type}",
        r.label
    );
}

#[tokio::test]
async fn dist_files_are_served() {
    let (s, _dist) = with_dist().await;
    expect_file(&get(&s, "/").await, INDEX, "text/html");
    expect_file(&get(&s, "/index.html").await, INDEX, "text/html");
    let js = get(&s, "/app.js").await;
    assert_eq!(js.status, 200);
    assert_eq!(js.text, SCRIPT);
    let ct = js.must_header("content-type");
    assert!(ct.contains("javascript"), "content-type {ct:?}");
    expect_file(&get(&s, "/assets/site.css").await, STYLE, "text/css");
}

#[tokio::test]
async fn unknown_non_api_paths_fall_back_to_index_html() {
    let (s, _dist) = with_dist().await;
    for path in [
        "/workspaces",
        "/workspaces/wrkspc_abc/members",
        "/login?next=%2Fusers",
        "/users/",
    ] {
        expect_file(&get(&s, path).await, INDEX, "text/html");
    }
}

#[tokio::test]
async fn api_paths_are_not_swallowed_by_the_fallback() {
    let (s, _dist) = with_dist().await;
    let api = s.api();
    assert_eq!(api.get("/me").await.ok()["type"], "organization");
    for path in ["/v1/organizations/nope", "/v1/nope"] {
        api.get(path).await.expect_error(404, "not_found_error");
    }
    api.get(&format!("/users/{}", unknown_id("user_")))
        .await
        .expect_error(404, "not_found_error");
    s.anon().get("/users").await.expect_error(401, "authentication_error");
    let doc = send(s.http().get(s.url("/openapi.json"))).await.ok();
    assert!(doc["paths"].is_object());
}

#[tokio::test]
async fn config_json_names_a_default_base_url() {
    let (s, _dist) = with_dist().await;
    let config = get(&s, "/config.json").await.ok();
    let base = config["default_base_url"]
        .as_str()
        .unwrap_or_else(|| panic!("default_base_url must be a string: {config}"));
    assert!(
        base.is_empty() || base.starts_with("http://") || base.starts_with("https://") || base.starts_with('/'),
        "default_base_url {base:?}"
    );
}

#[tokio::test]
async fn brotli_is_sent_when_accepted() {
    let (s, _dist) = with_dist().await;
    for accept in ["br", "gzip, deflate, br, zstd", "br;q=1, gzip;q=0.5"] {
        for (path, content_type, _) in PRECOMPRESSED {
            fetch(&s, path, Some(accept))
                .await
                .expect(&copy_of(path, "br"), content_type, Some("br"));
        }
    }
}

#[tokio::test]
async fn gzip_is_sent_when_only_gzip_is_accepted() {
    let (s, _dist) = with_dist().await;
    for accept in ["gzip", "gzip, deflate", "br;q=0, gzip"] {
        for (path, content_type, _) in PRECOMPRESSED {
            fetch(&s, path, Some(accept))
                .await
                .expect(&copy_of(path, "gzip"), content_type, Some("gzip"));
        }
    }
}

#[tokio::test]
async fn the_file_as_it_is_otherwise() {
    let (s, _dist) = with_dist().await;
    for accept in [None, Some("identity"), Some("deflate"), Some("br;q=0, gzip;q=0")] {
        for (path, content_type, body) in PRECOMPRESSED {
            fetch(&s, path, accept).await.expect(body, content_type, None);
        }
    }
    // A file the build left without copies is sent as it is to any client.
    fetch(&s, "/app.js", Some("gzip, br"))
        .await
        .expect(SCRIPT.as_bytes(), "text/javascript", None);
    fetch(&s, "/assets/site.css", Some("br"))
        .await
        .expect(STYLE.as_bytes(), "text/css", None);
}

#[tokio::test]
async fn deep_links_get_index_html_precompressed_too() {
    let (s, _dist) = with_dist().await;
    for path in ["/", "/workspaces/wrkspc_abc/members", "/users?limit=20"] {
        fetch(&s, path, Some("gzip, deflate, br"))
            .await
            .expect(&copy_of("/index.html", "br"), "text/html", Some("br"));
        fetch(&s, path, Some("gzip"))
            .await
            .expect(&copy_of("/index.html", "gzip"), "text/html", Some("gzip"));
        fetch(&s, path, None).await.expect(INDEX.as_bytes(), "text/html", None);
    }
}

#[tokio::test]
async fn only_hashed_files_are_cached_for_good() {
    let (s, _dist) = with_dist().await;
    for path in [HASHED_WASM, HASHED_JS, HASHED_CSS] {
        for accept in [None, Some("br"), Some("gzip")] {
            let r = fetch(&s, path, accept).await;
            assert_eq!(r.status, 200, "{}", r.label);
            let cache = r.cache_control();
            assert!(
                cache.contains("max-age=31536000") && cache.contains("immutable"),
                "{}: cache-control {cache:?}",
                r.label
            );
        }
    }
    // Files without a hash, deep links, and a hashed-looking name that is not there (answered
    // with index.html) must be asked for again each time.
    for path in [
        "/",
        "/index.html",
        "/404.html",
        "/config.json",
        "/app.js",
        "/assets/site.css",
        "/workspaces/wrkspc_abc",
        "/admin-console-ffffffffffffffff_bg.wasm",
    ] {
        for accept in [None, Some("br")] {
            let r = fetch(&s, path, accept).await;
            assert_eq!(r.status, 200, "{}", r.label);
            assert_eq!(r.cache_control(), "no-cache", "{}", r.label);
        }
    }
    let missing = fetch(&s, "/admin-console-ffffffffffffffff_bg.wasm", None).await;
    missing.expect(INDEX.as_bytes(), "text/html", None);
}

#[tokio::test]
async fn api_answers_are_left_alone() {
    // The static files' headers are not put on the API's answers.
    let (s, _dist) = with_dist().await;
    let r = send(
        s.api()
            .request(reqwest::Method::GET, "/me")
            .header("accept-encoding", "br, gzip"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("content-encoding"), None);
    assert_eq!(r.header("cache-control"), None);
}
