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
    view! {
        <figure class="report-chart" data-series=count>
            <div class="chart-frame" role="img" aria-label=label.clone()>
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
