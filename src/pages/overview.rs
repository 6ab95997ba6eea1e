use crate::api::{ApiError, Decimal};
use crate::components::format::{compact, integer, usd};
use crate::components::{ChartData, ChartSeries, ChartUnit, ErrorPanel, Measure, ReportChart};
use crate::state::queries::{use_queries, Count};
use crate::state::reports::{
    cost_breakdown, to_the_cent, today_utc, usage_breakdown, Breakdown, DayRange, ReportKind, ReportSettings, PALETTE,
};
use crate::state::session::use_session;
use crate::state::url::{filtered_href, href, paths};
use leptos::prelude::*;

/// One number of the overview: what it counts, and the page that lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stat {
    Members,
    PendingInvites,
    ActiveWorkspaces,
    ActiveApiKeys,
}

impl Stat {
    const ALL: [Stat; 4] = [
        Self::Members,
        Self::PendingInvites,
        Self::ActiveWorkspaces,
        Self::ActiveApiKeys,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::Members => "Members",
            Self::PendingInvites => "Pending invites",
            Self::ActiveWorkspaces => "Active workspaces",
            Self::ActiveApiKeys => "Active API keys",
        }
    }

    /// The list page, filtered as the number is (with the query keys those pages read).
    fn href(self) -> String {
        match self {
            Self::Members => href(paths::MEMBERS),
            Self::PendingInvites => filtered_href(paths::INVITES, "status", "pending"),
            Self::ActiveWorkspaces => href(paths::WORKSPACES),
            Self::ActiveApiKeys => filtered_href(paths::API_KEYS, "status", "active"),
        }
    }

    /// The cached count this number shows.
    fn count(self) -> Count {
        match self {
            Self::Members => Count::Members,
            Self::PendingInvites => Count::PendingInvites,
            Self::ActiveWorkspaces => Count::ActiveWorkspaces,
            Self::ActiveApiKeys => Count::ActiveApiKeys,
        }
    }
}

/// The landing page once signed in: which organization the admin key administers, and where,
/// and four numbers (members, pending invites, active workspaces, active API keys), each loading
/// on its own and linking to its list.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let session = use_session();
    let about = move || {
        session.get().map(|s| {
            view! {
                <h1>{s.organization.name}</h1>
                <dl>
                    <dt>"Organization id"</dt>
                    <dd>
                        <code>{s.organization.id}</code>
                    </dd>
                    <dt>"Admin API"</dt>
                    <dd>
                        <code>{s.credentials.base_url}</code>
                    </dd>
                </dl>
            }
        })
    };
    view! {
        <section class="card overview">{about}</section>
        <ul class="stats counts" aria-label="The organization in numbers">
            {Stat::ALL.map(|stat| view! { <StatCard stat /> }).collect_view()}
        </ul>
        <UsageSummary />
    }
}

/// The last 30 days' tokens and cost, each with its trend by day and a link to its page. The
/// reports are the ones the Usage and Cost pages open with, so they share the cache.
#[component]
fn UsageSummary() -> impl IntoView {
    let queries = use_queries();
    let range = DayRange::last_days(today_utc(), 30);
    let usage = queries.usage_report(move || {
        ReportSettings::from_range(range)
            .request(ReportKind::Usage)
            .expect("a range makes a request")
    });
    let cost = queries.cost_report(move || {
        ReportSettings::from_range(range)
            .request(ReportKind::Cost)
            .expect("a range makes a request")
    });
    let tokens = Signal::derive(move || {
        usage.get().map(|answer| {
            answer.map(|buckets| {
                trend(
                    usage_breakdown(&buckets, None),
                    |t| integer(t.total()),
                    |t| compact(t.total() as f64),
                )
            })
        })
    });
    let dollars_spent = Signal::derive(move || {
        let shown = |cents: &Decimal| usd(&to_the_cent(*cents).to_string());
        cost.get()
            .map(|answer| answer.map(|days| trend(cost_breakdown(&days, None), shown, shown)))
    });
    view! {
        <ul class="stats usage-summary" aria-label="The last 30 days">
            <TrendCard label="Tokens, last 30 days" href=href(paths::USAGE) figure=tokens unit=ChartUnit::Tokens retry=Callback::new(move |_| usage.refetch()) />
            <TrendCard label="Cost, last 30 days" href=href(paths::COST) figure=dollars_spent unit=ChartUnit::Dollars retry=Callback::new(move |_| cost.refetch()) />
        </ul>
    }
}

/// A figure of the last 30 days: (exact text, short text, bucket starts, daily values).
type Trend = (String, String, Vec<f64>, Option<Vec<f64>>);

/// The whole of a report not grouped, written `exact` and `short`, and its values by day.
fn trend<V: Measure>(breakdown: Breakdown<V>, exact: impl Fn(&V) -> String, short: impl Fn(&V) -> String) -> Trend {
    let daily = breakdown
        .groups
        .first()
        .map(|g| g.per_bucket.iter().map(Measure::chart_value).collect());
    let mut total = V::default();
    for group in &breakdown.groups {
        total += group.total;
    }
    (exact(&total), short(&total), breakdown.starts_ms, daily)
}

/// One of the overview's 30-day figures, with its trend line, linking to its report.
#[component]
fn TrendCard(
    label: &'static str,
    href: String,
    figure: Signal<Option<Result<Trend, ApiError>>>,
    unit: ChartUnit,
    retry: Callback<()>,
) -> impl IntoView {
    let body = move || match figure.get() {
        None | Some(Err(ApiError::Aborted)) => view! {
            <span class="stat-number loading-number" aria-busy="true">
                "…"
                <span class="visually-hidden">"loading"</span>
            </span>
        }
        .into_any(),
        Some(Err(_)) => view! { <span class="stat-number">"—"</span> }.into_any(),
        Some(Ok((exact, short, starts_ms, daily))) => {
            let trend = daily.map(|values| {
                let data = ChartData {
                    starts_ms,
                    series: vec![ChartSeries {
                        name: label.to_owned(),
                        colour: PALETTE[0].to_owned(),
                        values,
                        total: exact.clone(),
                    }],
                    unit,
                    hourly: false,
                };
                view! { <ReportChart label=format!("{label}: by day") data sparkline=true /> }
            });
            view! {
                <span class="stat-number" title=exact>{short}</span>
                {trend}
            }
            .into_any()
        }
    };
    // Outside the link: the error's own "Retry" is not part of it.
    let error = move || match figure.get() {
        Some(Err(error)) if error != ApiError::Aborted => Some(view! { <ErrorPanel error on_retry=retry /> }),
        _ => None,
    };
    view! {
        <li class="card stat">
            <a href=href>
                <span class="stat-label">{label}</span>
                {body}
            </a>
            {error}
        </li>
    }
}

/// One number of the overview with its own loading and error state (a failed count offers a
/// retry; the other numbers are not affected).
#[component]
fn StatCard(stat: Stat) -> impl IntoView {
    let count = use_queries().count(stat.count());
    let number = move || match count.get() {
        Some(Ok(n)) => view! { <span class="stat-number">{n}</span> }.into_any(),
        Some(Err(ApiError::Aborted)) | None => view! {
            <span class="stat-number loading-number" aria-busy="true">
                "…"
                <span class="visually-hidden">"loading"</span>
            </span>
        }
        .into_any(),
        Some(Err(_)) => view! { <span class="stat-number">"—"</span> }.into_any(),
    };
    let error = move || match count.get() {
        Some(Err(error)) if error != ApiError::Aborted => {
            Some(view! { <ErrorPanel error on_retry=Callback::new(move |_| count.refetch()) /> })
        }
        _ => None,
    };
    view! {
        <li class="card stat">
            <a href=stat.href()>
                <span class="stat-label">{stat.label()}</span>
                {number}
            </a>
            {error}
        </li>
    }
}
