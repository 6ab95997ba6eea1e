//! A report over time as a chart: one stacked line per group, drawn as SVG by
//! leptos-chartistry (a charting library made for Leptos: its chart is reactive Leptos views,
//! with the tick generation, stacking and hover tooltip that a hand-drawn SVG would have to
//! redo). Under it, a legend of our own: each group's colour, name and total, which is also
//! what tests and screen readers read (the table below the chart has every number).

use super::format::{compact, usd_approx, utc_date, DateStyle};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_chartistry::{
    AspectRatio, AxisMarker, Chart, Colour, Interpolation, IntoInner, Line, Series, Stack, TickLabels, Tooltip,
    TooltipPlacement, TooltipSortBy, XGuideLine, YGridLine,
};

/// What the chart's numbers are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartUnit {
    Tokens,
    Dollars,
}

impl ChartUnit {
    fn format(self, value: f64) -> String {
        match self {
            Self::Tokens => compact(value),
            Self::Dollars => usd_approx(value),
        }
    }
}

/// One group as the chart draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSeries {
    pub name: String,
    /// `#RRGGBB`.
    pub colour: String,
    /// The value in each bucket (the chart's only floats).
    pub values: Vec<f64>,
    /// The group's total as the legend writes it (exact, from the table's sums).
    pub total: String,
}

/// Everything the chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub starts_ms: Vec<f64>,
    pub series: Vec<ChartSeries>,
    pub unit: ChartUnit,
    /// Hourly or finer buckets show their time too.
    pub hourly: bool,
}

/// One bucket, the chart's data point.
#[derive(Clone, Debug, PartialEq)]
struct Point {
    at: DateTime<Utc>,
    values: Vec<f64>,
}

/// The chart of a report, with its legend. Made anew when the groups change (the series of a
/// chartistry chart are fixed when it is made).
#[component]
pub fn ReportChart(
    /// What the chart shows, for its accessible name.
    label: String,
    data: ChartData,
    /// A small trend line only: no axes, legend or tooltip.
    #[prop(optional)]
    sparkline: bool,
) -> impl IntoView {
    let ChartData {
        starts_ms,
        series,
        unit,
        hourly,
    } = data;
    let points: Vec<Point> = starts_ms
        .iter()
        .enumerate()
        .map(|(index, ms)| Point {
            at: DateTime::from_timestamp_millis(*ms as i64).unwrap_or_default(),
            values: series.iter().map(|s| s.values[index]).collect(),
        })
        .collect();
    let lines: Vec<Line<Point, f64>> = series
        .iter()
        .enumerate()
        .map(|(index, s)| {
            Line::new(move |point: &Point| point.values[index])
                .with_name(s.name.clone())
                .with_colour(s.colour.parse::<Colour>().ok())
                .with_width(2.0)
                // Straight lines between buckets: a smoothed curve suggests values between them
                // (and the library's monotone curve divides by zero while the chart has no width).
                .with_interpolation(Interpolation::Linear)
        })
        .collect();
    let date_style = if hourly { DateStyle::Hour } else { DateStyle::Day };
    let x_ticks = move || {
        TickLabels::timestamps()
            .with_format(move |at: &DateTime<Utc>, _| utc_date(at.timestamp_millis() as f64, date_style))
    };
    let y_ticks = move || TickLabels::aligned_floats().with_format(move |value: &f64, _| unit.format(*value));
    let tooltip =
        Tooltip::new(TooltipPlacement::LeftCursor, x_ticks(), y_ticks()).with_sort_by(TooltipSortBy::Descending);
    let legend = series
        .iter()
        .map(|s| {
            view! {
                <li>
                    <span class="swatch" style:background-color=s.colour.clone()></span>
                    <span class="legend-name">{s.name.clone()}</span>
                    " "
                    <span class="legend-total">{s.total.clone()}</span>
                </li>
            }
        })
        .collect_view();
    let series_of_points = Series::new(|point: &Point| point.at)
        .with_min_y(0.0)
        .stack(Stack::from(lines));
    if sparkline {
        return view! {
            <div class="sparkline" role="img" aria-label=label>
                <Chart
                    aspect_ratio=AspectRatio::from_env_width(48.0)
                    tooltip=Tooltip::from_placement(TooltipPlacement::Hide)
                    series=series_of_points
                    data=Signal::stored(points)
                />
            </div>
        }
        .into_any();
    }
    let count = series.len();
    let (readout, readout_box) = bucket_readout(&starts_ms, &series, unit, date_style);
    view! {
        <figure class="report-chart" data-series=count>
            {readout_box}
            <div
                class="chart-frame"
                role="img"
                aria-label=format!("{label}. Focus and use the arrow keys to read each bucket.")
                tabindex="0"
                on:focus=move |_| readout.focus()
                on:blur=move |_| readout.chosen.set(None)
                on:keydown=move |ev| readout.key(&ev)
            >
                <Chart
                    aspect_ratio=AspectRatio::from_env_width(280.0)
                    left=y_ticks()
                    bottom=x_ticks()
                    inner=[
                        AxisMarker::left_edge().into_inner(),
                        AxisMarker::bottom_edge().into_inner(),
                        YGridLine::default().into_inner(),
                        XGuideLine::over_data().into_inner(),
                    ]
                    tooltip=tooltip
                    series=series_of_points
                    data=Signal::stored(points)
                />
            </div>
            <figcaption>
                <ul class="legend" aria-label=format!("{label}: groups")>
                    {legend}
                </ul>
            </figcaption>
        </figure>
    }
    .into_any()
}

/// The chart's tooltip for keyboards: while the chart has focus, the arrow keys (Home, End) move
/// through the buckets and a box above the chart reads the bucket out, each group's value and
/// the total, as a live region.
#[derive(Clone, Copy)]
struct Readout {
    chosen: RwSignal<Option<usize>>,
    buckets: usize,
}

impl Readout {
    fn focus(&self) {
        if self.chosen.get_untracked().is_none() && self.buckets > 0 {
            self.chosen.set(Some(self.buckets - 1));
        }
    }

    fn key(&self, ev: &leptos::ev::KeyboardEvent) {
        let Some(at) = self.chosen.get_untracked() else { return };
        let last = self.buckets.saturating_sub(1);
        let to = match ev.key().as_str() {
            "ArrowLeft" | "ArrowDown" => at.saturating_sub(1),
            "ArrowRight" | "ArrowUp" => (at + 1).min(last),
            "Home" => 0,
            "End" => last,
            _ => return,
        };
        ev.prevent_default();
        self.chosen.set(Some(to));
    }
}

fn bucket_readout(starts_ms: &[f64], series: &[ChartSeries], unit: ChartUnit, style: DateStyle) -> (Readout, AnyView) {
    let chosen = RwSignal::new(None::<usize>);
    let (starts_ms, series) = (starts_ms.to_vec(), series.to_vec());
    let buckets = starts_ms.len();
    let text = move || {
        chosen.get().map(|at| {
            let lines = series
                .iter()
                .map(|s| {
                    view! {
                        <li>
                            <span class="swatch" style:background-color=s.colour.clone()></span>
                            {s.name.clone()}
                            ": "
                            {unit.format(s.values[at])}
                        </li>
                    }
                })
                .collect_view();
            let total: f64 = series.iter().map(|s| s.values[at]).sum();
            view! {
                <strong>{utc_date(starts_ms[at], style)}</strong>
                <ul>{lines}</ul>
                <span>"Total: " {unit.format(total)}</span>
            }
        })
    };
    let box_view = view! {
        <div class="chart-readout" aria-live="polite" class:shown=move || chosen.get().is_some()>
            {text}
        </div>
    }
    .into_any();
    (Readout { chosen, buckets }, box_view)
}
