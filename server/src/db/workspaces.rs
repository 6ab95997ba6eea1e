//! Workspaces. The default workspace is not a row (its id is the organization's): API keys with
//! no workspace belong to it, and it is listed only when asked for.

use std::collections::BTreeMap;

use admin_wire::{AllowedInferenceGeos, DataResidency, InferenceGeo, Page, WireName, Workspace};
use sqlx::{QueryBuilder, SqliteConnection};

use crate::clock::Timestamp;
use crate::db::organization;
use crate::error::{ApiError, ApiResult};
use crate::ids;
use crate::pagination::{fetch_page, push_any_of, Cursor, Keyed, ListSource, PageParams};

/// At most this many unarchived workspaces per organization.
pub const MAX_ACTIVE: i64 = admin_wire::limits::MAX_ACTIVE_WORKSPACES;
/// At most this many tags per workspace (decided).
const MAX_TAGS: usize = admin_wire::limits::MAX_TAGS;

/// Colors given to workspaces created without one, in turn.
const PALETTE: [&str; 8] = [
    "#6C5BB9", "#C2410C", "#0E7490", "#15803D", "#B91C1C", "#A16207", "#1D4ED8", "#BE185D",
];

const SELECT: &str = "SELECT id, name, created_at, archived_at, display_color, allowed_inference_geos, \
                      default_inference_geo, tags FROM workspaces";

/// A workspace as stored.
#[derive(sqlx::FromRow)]
struct WorkspaceRow {
    id: String,
    name: String,
    created_at: Timestamp,
    archived_at: Option<Timestamp>,
    display_color: String,
    /// `unrestricted` or a JSON list.
    allowed_inference_geos: String,
    default_inference_geo: InferenceGeo,
    /// A JSON object.
    tags: String,
}

/// The column `allowed_inference_geos` holds: the wire's value as JSON, or the bare word.
pub fn allowed_geos_column(geos: &AllowedInferenceGeos) -> String {
    match geos {
        AllowedInferenceGeos::Only(_) => serde_json::to_string(geos).unwrap_or_default(),
        _ => AllowedInferenceGeos::UNRESTRICTED.to_owned(),
    }
}

impl From<WorkspaceRow> for Workspace {
    fn from(row: WorkspaceRow) -> Self {
        let allowed = serde_json::from_str(&row.allowed_inference_geos).unwrap_or(AllowedInferenceGeos::Unrestricted);
        Workspace {
            compartment_id: Some(compartment_id(&row.id)),
            id: row.id,
            name: row.name,
            created_at: row.created_at.to_wire(),
            archived_at: row.archived_at.map(Timestamp::to_wire),
            display_color: Some(row.display_color),
            data_residency: Some(DataResidency {
                workspace_geo: InferenceGeo::Us,
                allowed_inference_geos: allowed,
                default_inference_geo: row.default_inference_geo,
            }),
            tags: serde_json::from_str(&row.tags).unwrap_or_default(),
            external_key_id: None,
            user_profile_id: None,
        }
    }
}

/// A workspace's compartment: stable, derived from its id (the reference server has no other use
/// for compartments).
fn compartment_id(workspace_id: &str) -> String {
    format!("compartment_{}", workspace_id.trim_start_matches(ids::WORKSPACE))
}

/// The color of the default workspace, which no one chooses.
const DEFAULT_COLOR: &str = "#6B7280";

/// The organization's default workspace: a real id, no members, never renamed or archived.
pub async fn default_workspace(conn: &mut SqliteConnection) -> sqlx::Result<Workspace> {
    let (id, created_at) = organization::default_workspace(conn).await?;
    Ok(Workspace {
        compartment_id: Some(compartment_id(&id)),
        id,
        name: Workspace::DEFAULT_NAME.to_owned(),
        created_at: created_at.to_wire(),
        archived_at: None,
        display_color: Some(DEFAULT_COLOR.to_owned()),
        data_residency: Some(DataResidency::default()),
        tags: Default::default(),
        external_key_id: None,
        user_profile_id: None,
    })
}

/// The default workspace's id.
pub async fn default_id(conn: &mut SqliteConnection) -> sqlx::Result<String> {
    Ok(organization::default_workspace(conn).await?.0)
}

impl Keyed for WorkspaceRow {
    fn key(&self) -> &str {
        &self.id
    }
}

/// The filters of `GET /workspaces`.
#[derive(Default)]
pub struct Filters {
    pub include_archived: bool,
    /// List the default workspace too, first.
    pub include_default: bool,
    /// Only these workspaces (at most 100, checked by the route).
    pub ids: Vec<String>,
}

/// Lists workspaces. With `include_default`, the default workspace (not a row) comes before every
/// row: it is the first item of the first page, and a cursor may name it.
pub async fn list(conn: &mut SqliteConnection, filters: &Filters, page: &PageParams) -> ApiResult<Page<Workspace>> {
    let query = || {
        let mut query = QueryBuilder::new(SELECT);
        query.push(if filters.include_archived {
            " WHERE 1 = 1"
        } else {
            " WHERE archived_at IS NULL"
        });
        if !filters.ids.is_empty() {
            push_any_of(&mut query, "id", filters.ids.iter().cloned());
        }
        query
    };
    let default = if filters.include_default {
        let default = default_workspace(conn).await?;
        (filters.ids.is_empty() || filters.ids.contains(&default.id)).then_some(default)
    } else {
        None
    };
    let Some(default) = default else {
        let page = fetch_page::<WorkspaceRow, _>(conn, page, ListSource::by_id(query)).await?;
        return Ok(page.map(Workspace::from));
    };
    let rows = |cursor, limit| PageParams { limit, cursor };
    let mut listed = match &page.cursor {
        Cursor::After(id) if *id == default.id => {
            let rows = rows(Cursor::Start, page.limit);
            return Ok(fetch_page::<WorkspaceRow, _>(conn, &rows, ListSource::by_id(query))
                .await?
                .map(Workspace::from));
        }
        Cursor::Before(id) if *id == default.id => {
            return Ok(Page {
                data: Vec::new(),
                has_more: false,
                first_id: None,
                last_id: None,
            })
        }
        Cursor::After(id) => {
            let rows = rows(Cursor::After(id.clone()), page.limit);
            return Ok(fetch_page::<WorkspaceRow, _>(conn, &rows, ListSource::by_id(query))
                .await?
                .map(Workspace::from));
        }
        // The first page: the default workspace, then one row fewer.
        Cursor::Start => {
            let rows = rows(Cursor::Start, page.limit - 1);
            let mut listed = fetch_page::<WorkspaceRow, _>(conn, &rows, ListSource::by_id(query))
                .await?
                .map(Workspace::from);
            listed.data.insert(0, default);
            listed
        }
        // Before a row: the default workspace ends the page when there is room for it.
        Cursor::Before(id) => {
            let rows = rows(Cursor::Before(id.clone()), page.limit);
            let mut listed = fetch_page::<WorkspaceRow, _>(conn, &rows, ListSource::by_id(query))
                .await?
                .map(Workspace::from);
            if !listed.has_more {
                if (listed.data.len() as i64) < page.limit {
                    listed.data.insert(0, default);
                } else {
                    listed.has_more = true;
                }
            }
            listed
        }
    };
    listed.first_id = listed.data.first().map(|workspace| workspace.id.clone());
    listed.last_id = listed.data.last().map(|workspace| workspace.id.clone());
    Ok(listed)
}

/// A workspace, the default one included.
pub async fn get(conn: &mut SqliteConnection, id: &str) -> ApiResult<Workspace> {
    let row = sqlx::query_as::<_, WorkspaceRow>(&format!("{SELECT} WHERE id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(Workspace::from(row)),
        None => {
            let default = default_workspace(conn).await?;
            if default.id == id {
                Ok(default)
            } else {
                Err(ApiError::not_found(format!("No workspace with id `{id}`.")))
            }
        }
    }
}

/// A workspace that has a member list: any but the default one.
pub async fn get_with_members(conn: &mut SqliteConnection, id: &str) -> ApiResult<Workspace> {
    let workspace = get(conn, id).await?;
    if default_id(conn).await? == id {
        return Err(ApiError::invalid(
            "The default workspace has no member list: every member of the organization may use it.",
        ));
    }
    Ok(workspace)
}

/// The workspace `id`, which must be neither the default one nor archived for the write described
/// by `action`.
pub async fn get_unarchived(conn: &mut SqliteConnection, id: &str, action: &str) -> ApiResult<Workspace> {
    let workspace = get(conn, id).await?;
    if default_id(conn).await? == id {
        return Err(ApiError::invalid(format!(
            "`{}` is the organization's default workspace: it cannot be renamed, changed or archived, and has no members.",
            workspace.name
        )));
    }
    if workspace.archived_at.is_some() {
        return Err(ApiError::invalid(format!(
            "Workspace `{}` is archived; {action}.",
            workspace.name
        )));
    }
    Ok(workspace)
}

/// Where a workspace's inference may run, as a write sets it (each part only when given).
#[derive(Default)]
pub struct ResidencyChange {
    pub allowed: Option<AllowedInferenceGeos>,
    pub default: Option<InferenceGeo>,
}

impl ResidencyChange {
    /// The data residency after this change to `current`: a default geo that is given must be
    /// allowed (400); one that is not given stays, or becomes the first allowed geo if it no
    /// longer is.
    fn apply(self, current: DataResidency) -> ApiResult<DataResidency> {
        let allowed = self.allowed.unwrap_or(current.allowed_inference_geos);
        let permits = |geo: InferenceGeo| match &allowed {
            AllowedInferenceGeos::Only(geos) => geos.contains(&geo),
            _ => true,
        };
        let default = match (self.default, &allowed) {
            (Some(geo), _) if !permits(geo) => {
                return Err(ApiError::invalid(format!(
                    "data_residency.default_inference_geo `{}` is not among allowed_inference_geos.",
                    geo.as_str()
                )))
            }
            (Some(geo), _) => geo,
            (None, AllowedInferenceGeos::Only(geos)) if !permits(current.default_inference_geo) => geos[0],
            (None, _) => current.default_inference_geo,
        };
        Ok(DataResidency {
            workspace_geo: current.workspace_geo,
            allowed_inference_geos: allowed,
            default_inference_geo: default,
        })
    }
}

/// A new workspace (name, color and tags already validated).
pub struct NewWorkspace {
    pub name: String,
    pub color: Option<String>,
    pub residency: ResidencyChange,
    pub tags: BTreeMap<String, String>,
    pub created_at: Timestamp,
}

/// A workspace may have at most [`MAX_TAGS`] tags: `count` is how many it would have.
fn check_tag_count(count: usize) -> ApiResult<()> {
    if count > MAX_TAGS {
        return Err(ApiError::invalid(format!(
            "tags: a workspace may have at most {MAX_TAGS} tags (this would make {count})."
        )));
    }
    Ok(())
}

/// Creates a workspace, unless 100 are active already.
pub async fn create(conn: &mut SqliteConnection, new: NewWorkspace) -> ApiResult<Workspace> {
    check_tag_count(new.tags.len())?;
    let residency = new.residency.apply(DataResidency::default())?;
    let (active, total): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*) FILTER (WHERE archived_at IS NULL), COUNT(*) FROM workspaces")
            .fetch_one(&mut *conn)
            .await?;
    if active >= MAX_ACTIVE {
        return Err(ApiError::invalid(format!(
            "The organization already has {MAX_ACTIVE} active workspaces, the most allowed; archive one first."
        )));
    }
    let color = new
        .color
        .unwrap_or_else(|| PALETTE[total as usize % PALETTE.len()].to_owned());
    let id = ids::new_id(ids::WORKSPACE);
    sqlx::query(
        "INSERT INTO workspaces (id, name, display_color, created_at, allowed_inference_geos, default_inference_geo, tags) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&new.name)
    .bind(color)
    .bind(new.created_at)
    .bind(allowed_geos_column(&residency.allowed_inference_geos))
    .bind(residency.default_inference_geo)
    .bind(serde_json::to_string(&new.tags).unwrap_or_default())
    .execute(&mut *conn)
    .await?;
    get(conn, &id).await
}

/// What an update changes (each only when given, already validated).
#[derive(Default)]
pub struct WorkspaceChange {
    pub name: Option<String>,
    pub color: Option<String>,
    pub residency: ResidencyChange,
    /// A `None` value removes that tag.
    pub tags: BTreeMap<String, Option<String>>,
}

pub async fn update(conn: &mut SqliteConnection, id: &str, change: WorkspaceChange) -> ApiResult<Workspace> {
    let current = get_unarchived(conn, id, "it can no longer be changed").await?;
    let residency = change.residency.apply(current.data_residency.unwrap_or_default())?;
    let mut tags = current.tags;
    for (key, value) in change.tags {
        match value {
            Some(value) => tags.insert(key, value),
            None => tags.remove(&key),
        };
    }
    check_tag_count(tags.len())?;
    sqlx::query(
        "UPDATE workspaces SET name = COALESCE(?, name), display_color = COALESCE(?, display_color), \
         allowed_inference_geos = ?, default_inference_geo = ?, tags = ? WHERE id = ?",
    )
    .bind(change.name)
    .bind(change.color)
    .bind(allowed_geos_column(&residency.allowed_inference_geos))
    .bind(residency.default_inference_geo)
    .bind(serde_json::to_string(&tags).unwrap_or_default())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    get(conn, id).await
}

/// Archives a workspace, for good, and archives every API key in it (in the caller's transaction).
pub async fn archive(conn: &mut SqliteConnection, id: &str, archived_at: Timestamp) -> ApiResult<Workspace> {
    get_unarchived(conn, id, "it cannot be archived again").await?;
    sqlx::query("UPDATE workspaces SET archived_at = ? WHERE id = ?")
        .bind(archived_at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE api_keys SET status = 'archived' WHERE workspace_id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    get(conn, id).await
}
