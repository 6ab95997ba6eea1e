//! `admin-server`: run the reference Admin API, and manage its admin keys and test fixtures.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use admin_server::app::{self, AppState, ConsoleFiles};
use admin_server::clock::{now_micros, Timestamp, MICROS_PER_DAY};
use admin_server::db::api_keys::NewApiKey;
use admin_server::db::{admin_keys, api_keys, invites, users, Db};
use admin_server::demo::{self, DemoSize};
use admin_server::error::ApiError;
use admin_server::faults::Faults;
use admin_server::proxy::{self, Upstream};
use admin_server::ratelimit::{RateLimiter, DEFAULT_PER_MINUTE};
use admin_server::serve::Limits;
use admin_wire::{ApiKeyStatus, OrgRole, WireName};
use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "admin-server", version, about = "Reference Admin API server (axum + SQLite)")]
struct Cli {
    /// The SQLite database file (created and migrated if needed).
    #[arg(long, default_value = "admin.db")]
    db: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the Admin API (and, with --dist, the built console).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// A built console (trunk's dist/) to serve at `/`.
        #[arg(long)]
        dist: Option<PathBuf>,
        /// Fill an empty database with demo data, and print a new admin key.
        #[arg(long)]
        demo: bool,
        /// How much demo data: small (about 60 members) or large (10,000 members, 100
        /// workspaces, 5,000 API keys, 2,000 invites).
        #[arg(long, value_enum, default_value = "small", requires = "demo")]
        demo_size: SizeArg,
        /// Requests per minute per admin key.
        #[arg(long, default_value_t = DEFAULT_PER_MINUTE)]
        rate_limit: u32,
        /// The test fault mode, for end-to-end tests only: `/__test/faults` makes the API fail on
        /// purpose and `/__test/requests` lists what arrived. Never in production (no key needed).
        #[arg(long)]
        test_faults: bool,
        /// Seconds a client has to send a request's head; an idle connection is closed after it too.
        #[arg(long, default_value = "10", value_parser = seconds)]
        header_timeout: Duration,
        /// The longest pause, in seconds, while a request body arrives (408 past it).
        #[arg(long, default_value = "10", value_parser = seconds)]
        body_timeout: Duration,
        /// Seconds a whole request may take, from its head to its answer (504 past it).
        #[arg(long, default_value = "30", value_parser = seconds)]
        request_timeout: Duration,
        /// Connections open at once; more wait until one closes.
        #[arg(long, default_value_t = Limits::default().max_connections)]
        max_connections: usize,
    },
    /// Serve the built console and forward its Admin API calls to a real Admin API from this
    /// origin, for an API that refuses browsers (CORS). Stores nothing; opens no database.
    Proxy {
        /// The Admin API's root, e.g. https://api.example.com (https unless
        /// --allow-http-upstream).
        #[arg(long)]
        upstream: String,
        /// The built console (trunk's dist/) to serve at `/`.
        #[arg(long)]
        dist: Option<PathBuf>,
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Allow a plain-http upstream (a local reference server, for tests).
        #[arg(long)]
        allow_http_upstream: bool,
    },
    /// Manage admin keys (they take effect on a running server at once).
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Make the objects the Admin API cannot create (members, accepted invites, API keys), for
    /// development and tests. Each prints the new object's id.
    Fixtures {
        #[command(subcommand)]
        command: FixturesCommand,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Create an admin key and print it (it is shown only this once).
    Create {
        #[arg(long)]
        name: String,
        /// The key may read but not change anything (403 on writes).
        #[arg(long)]
        read_only: bool,
    },
    /// List admin keys (never the keys themselves).
    List,
    /// Revoke an admin key by id.
    Revoke { id: String },
}

/// A flag's value read by its wire name (`claude_code_user`), one of `all`.
fn wire_value<T: WireName + Send + Sync>(all: &'static [T]) -> impl Fn(&str) -> Result<T, String> + Clone {
    move |text| {
        T::parse(text).filter(|value| all.contains(value)).ok_or_else(|| {
            let names: Vec<_> = all.iter().map(|value| value.as_str()).collect();
            format!("`{text}` is not one of {}", names.join(", "))
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum SizeArg {
    Small,
    Large,
}

impl From<SizeArg> for DemoSize {
    fn from(size: SizeArg) -> Self {
        match size {
            SizeArg::Small => DemoSize::Small,
            SizeArg::Large => DemoSize::Large,
        }
    }
}

#[derive(Subcommand)]
enum FixturesCommand {
    /// Add a member to the organization.
    User {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Any of the nine organization roles, the Enterprise ones included.
        #[arg(long, value_parser = wire_value(&OrgRole::ALL))]
        role: OrgRole,
    },
    /// Send an invite, optionally back-dated (21 days or more: it has expired).
    Invite {
        #[arg(long)]
        email: String,
        #[arg(long, value_parser = wire_value(&OrgRole::ASSIGNABLE))]
        role: OrgRole,
        #[arg(long, default_value_t = 0)]
        days_ago: i64,
    },
    /// Accept a pending invite as the invitee: they become a member.
    AcceptInvite {
        invite_id: String,
        #[arg(long)]
        name: String,
    },
    /// Create an API key (no --workspace: the default workspace).
    ApiKey {
        #[arg(long)]
        name: String,
        /// The member who made it.
        #[arg(long, required_unless_present = "no_creator")]
        created_by: Option<String>,
        /// A legacy or system key: no creator and no hint.
        #[arg(long, conflicts_with = "created_by")]
        no_creator: bool,
        #[arg(long)]
        workspace: Option<String>,
        #[arg(long, value_parser = wire_value(&ApiKeyStatus::SETTABLE), default_value = "active")]
        status: ApiKeyStatus,
        /// Expires this many days from now (negative: it has expired already).
        #[arg(long, allow_negative_numbers = true)]
        expires_in_days: Option<i64>,
        /// The key acts as this service account.
        #[arg(long)]
        service_account: Option<String>,
    },
}

/// A duration in seconds (fractions allowed), more than zero.
fn seconds(text: &str) -> Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds.is_finite() => Ok(Duration::from_secs_f64(seconds)),
        _ => Err(format!("`{text}` is not a number of seconds above 0")),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    if let Command::Proxy {
        upstream,
        dist,
        addr,
        allow_http_upstream,
    } = cli.command
    {
        return proxy(&upstream, dist, addr, allow_http_upstream).await;
    }
    let db = Db::open(&cli.db)
        .await
        .with_context(|| format!("opening the database {}", cli.db.display()))?;
    match cli.command {
        Command::Serve {
            addr,
            dist,
            demo,
            demo_size,
            rate_limit,
            test_faults,
            header_timeout,
            body_timeout,
            request_timeout,
            max_connections,
        } => {
            let demo = demo.then_some(demo_size.into());
            if max_connections == 0 {
                bail!("--max-connections must be at least 1");
            }
            let limits = Limits {
                header_read: header_timeout,
                body_read: body_timeout,
                request: request_timeout,
                max_connections,
            };
            let db_path = cli.db.clone();
            serve(
                db,
                addr,
                dist,
                demo.map(|size| (size, db_path)),
                rate_limit,
                test_faults,
                limits,
            )
            .await
        }
        Command::Proxy { .. } => unreachable!("proxy mode opens no database and is handled above"),
        Command::Keys { command } => keys(&db, command).await,
        Command::Fixtures { command } => fixtures(&db, command).await,
    }
}

async fn proxy(upstream: &str, dist: Option<PathBuf>, addr: SocketAddr, allow_http: bool) -> anyhow::Result<()> {
    let upstream = Upstream::new(upstream, allow_http).map_err(anyhow::Error::msg)?;
    check_dist(dist.as_deref())?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    println!("listening on http://{}", listener.local_addr()?);
    println!("forwarding {} to {}", proxy::FORWARDED_PREFIX, upstream.origin());
    if dist.is_some() {
        println!(
            "console at http://{}/ (sign in with the upstream's admin key)",
            listener.local_addr()?
        );
    }
    // The same connection limits and timeouts as `serve`: a proxy is as exposed as the server.
    admin_server::serve::serve(listener, proxy::build(upstream, dist), Limits::default()).await?;
    Ok(())
}

fn check_dist(dist: Option<&std::path::Path>) -> anyhow::Result<()> {
    if let Some(dist) = dist {
        if !dist.join("index.html").is_file() {
            bail!(
                "--dist {}: no index.html there (build the console first)",
                dist.display()
            );
        }
    }
    Ok(())
}

async fn serve(
    db: Db,
    addr: SocketAddr,
    dist: Option<PathBuf>,
    demo: Option<(DemoSize, PathBuf)>,
    rate_limit: u32,
    test_faults: bool,
    limits: Limits,
) -> anyhow::Result<()> {
    if rate_limit == 0 {
        bail!("--rate-limit must be at least 1");
    }
    check_dist(dist.as_deref())?;
    if let Some((size, db_path)) = demo {
        let started = std::time::Instant::now();
        if demo::seed_if_empty(&db, size).await.map_err(api_error)? {
            eprintln!(
                "filled the database with the demo organization ({})",
                demo::ORGANIZATION_NAME
            );
            if size == DemoSize::Large {
                eprintln!(
                    "large demo: {} members, {} workspaces, {} API keys, {} invites, in {:.1} s",
                    demo::large::MEMBERS,
                    demo::large::WORKSPACES,
                    demo::large::API_KEYS,
                    demo::large::INVITES,
                    started.elapsed().as_secs_f64()
                );
            }
            let key = db
                .write(|conn| Box::pin(async move { Ok(admin_keys::create(conn, "demo", false).await?) }))
                .await
                .map_err(api_error)?;
            println!("demo admin key: {key}");
        } else {
            // A key is minted only with the demo data: restarts do not pile up permanent keys.
            eprintln!("the database already has data; --demo left it as it is and made no admin key");
            let rows = demo::top_up_usage(&db).await.map_err(api_error)?;
            if rows > 0 {
                eprintln!("demo usage: added {rows} hours of usage since the demo last ran");
            }
            println!(
                "make an admin key with: admin-server --db {} keys create --name NAME",
                db_path.display()
            );
        }
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    println!("listening on http://{}", listener.local_addr()?);
    if dist.is_some() {
        println!("console at http://{}/", listener.local_addr()?);
    }
    let organization_id =
        admin_server::db::organization::get(&mut *db.read().await.context("reading the organization")?)
            .await
            .context("reading the organization")?
            .id;
    let state = AppState {
        organization_id: organization_id.into(),
        db,
        rate_limiter: Arc::new(RateLimiter::new(rate_limit)),
        limits,
    };
    let faults = test_faults.then(|| {
        eprintln!("test faults: ON (never use in production)");
        Arc::new(Faults::default())
    });
    let app = app::build(state, dist.map(|dist| ConsoleFiles { dist }), faults);
    admin_server::serve::serve(listener, app, limits).await?;
    Ok(())
}

async fn keys(db: &Db, command: KeysCommand) -> anyhow::Result<()> {
    match command {
        KeysCommand::Create { name, read_only } => {
            let key = db
                .write(move |conn| Box::pin(async move { Ok(admin_keys::create(conn, &name, read_only).await?) }))
                .await;
            println!("{}", key.map_err(api_error)?);
        }
        KeysCommand::List => {
            for key in admin_keys::list(&mut *db.read().await?).await? {
                let access = if key.read_only { "read-only" } else { "read-write" };
                let state = if key.revoked_at.is_some() { "revoked" } else { "active" };
                println!("{}\t{}\t{}\t{}\t{}", key.id, key.name, key.hint, access, state);
            }
        }
        KeysCommand::Revoke { id } => {
            if !db
                .write({
                    let id = id.clone();
                    move |conn| Box::pin(async move { Ok(admin_keys::revoke(conn, &id).await?) })
                })
                .await
                .map_err(api_error)?
            {
                bail!("no unrevoked admin key with id {id}");
            }
            eprintln!("revoked {id}");
        }
    }
    Ok(())
}

async fn fixtures(db: &Db, command: FixturesCommand) -> anyhow::Result<()> {
    let now = Timestamp(now_micros());
    let id = db
        .write(move |conn| {
            Box::pin(async move {
                match command {
                    FixturesCommand::User { email, name, role } => {
                        Ok(users::insert(conn, &email, &name, role, now).await?.id)
                    }
                    FixturesCommand::Invite { email, role, days_ago } => {
                        let invited_at = Timestamp(now.0 - days_ago * MICROS_PER_DAY);
                        Ok(invites::create(conn, &email, role, invited_at).await?.id)
                    }
                    FixturesCommand::AcceptInvite { invite_id, name } => {
                        Ok(invites::accept(conn, &invite_id, &name, now).await?.id)
                    }
                    FixturesCommand::ApiKey {
                        name,
                        created_by,
                        no_creator: _,
                        workspace,
                        status,
                        expires_in_days,
                        service_account,
                    } => {
                        let key = NewApiKey {
                            name: &name,
                            workspace_id: workspace.as_deref(),
                            created_by_user_id: created_by.as_deref(),
                            status,
                            created_at: now,
                            expires_at: expires_in_days.map(|days| Timestamp(now.0 + days * MICROS_PER_DAY)),
                            service_account_id: service_account.as_deref(),
                        };
                        Ok(api_keys::insert(conn, key).await?.id)
                    }
                }
            })
        })
        .await;
    println!("{}", id.map_err(api_error)?);
    Ok(())
}

fn api_error(error: ApiError) -> anyhow::Error {
    anyhow::anyhow!("{} ({})", error.message, error.kind.wire_name())
}
