"""The official `anthropic` Python SDK, with strict response validation, driven over every Admin API
method it has that the contract covers, against a reference server with demo data.

Usage: python scripts/sdk-check.py BASE_URL ADMIN_KEY   (run by scripts/test-sdk.sh)

Every call must succeed, or fail with the SDK error class the contract's status maps to. A failure
prints what was called and raises, so the script exits non-zero.
"""

import sys
import uuid

import anthropic

base_url, admin_key = sys.argv[1], sys.argv[2]
client = anthropic.Anthropic(
    api_key=admin_key,
    base_url=base_url,
    _strict_response_validation=True,
    max_retries=0,
)
org = client.organization
checks = 0


def check(what, condition):
    global checks
    if not condition:
        raise AssertionError(what)
    checks += 1


def expect_error(what, error_class, call):
    try:
        call()
    except error_class as error:
        check(f"{what}: has a request id", error.request_id and error.request_id.startswith("req_"))
        return error
    raise AssertionError(f"{what}: expected {error_class.__name__}")


unique = uuid.uuid4().hex[:8]

# --- Organization
me = org.retrieve()
check("me is the organization", me.type == "organization" and me.name)

# --- Users: automatic pagination over every page, filters, get, update, remove
users = list(org.users.list(limit=7))
check("users: 60 members through every page", len(users) == 60)
check("users: no duplicates across pages", len({u.id for u in users}) == 60)
developers = list(org.users.list(roles=["developer"], limit=100))
check("users: roles[] filters", developers and all(u.role == "developer" for u in developers))
one = users[10]
check("users: email filter", [u.id for u in org.users.list(email=one.email.upper())] == [one.id])
check("users: retrieve", org.users.retrieve(one.id) == one)
target = next(u for u in users if u.role == "user")
check("users: update", org.users.update(target.id, role="developer").role == "developer")
org.users.update(target.id, role="user")
admin = next(u for u in users if u.role == "admin")
expect_error("users: an admin's role", anthropic.BadRequestError, lambda: org.users.update(admin.id, role="user"))
expect_error("users: unknown id", anthropic.NotFoundError, lambda: org.users.retrieve("user_" + "1" * 24))

# --- Invites
email = f"sdk.{unique}@example.com"
invite = org.invites.create(email=email, role="developer")
check("invites: create", invite.status == "pending" and invite.rbac_group_ids == [])
check("invites: retrieve", org.invites.retrieve(invite.id).id == invite.id)
listed = list(org.invites.list(limit=3))
check("invites: every listed invite, none deleted", listed and all(i.status != "deleted" for i in listed))
expect_error("invites: a second pending invite", anthropic.ConflictError, lambda: org.invites.create(email=email, role="user"))
deleted = org.invites.delete(invite.id)
check("invites: delete", deleted.id == invite.id and deleted.type == "invite_deleted")
check("invites: a deleted invite reads as deleted", org.invites.retrieve(invite.id).status == "deleted")

# --- Workspaces
workspaces = list(org.workspaces.list(limit=2, include_archived=True))
check("workspaces: 8 with the archived one", len(workspaces) == 8)
with_default = list(org.workspaces.list(limit=3, include_default=True))
check("workspaces: the default one first", with_default[0].name == "Default Workspace" and len(with_default) == 8)
check("workspaces: ids[]", [w.id for w in org.workspaces.list(ids=[workspaces[1].id])] == [workspaces[1].id])
created = org.workspaces.create(
    name=f"SDK {unique}",
    data_residency={"allowed_inference_geos": ["us"], "default_inference_geo": "us"},
    tags={"team": "sdk"},
)
check("workspaces: create with residency and tags", created.tags == {"team": "sdk"})
updated = org.workspaces.update(created.id, name=f"SDK {unique} renamed", tags={"team": None, "env": "ci"})
check("workspaces: update", updated.name.endswith("renamed") and updated.tags == {"env": "ci"})
check("workspaces: retrieve", org.workspaces.retrieve(created.id).id == created.id)

# --- Workspace members
member = next(u for u in users if u.role == "developer")
added = org.workspaces.members.add(created.id, user_id=member.id, workspace_role="workspace_restricted_developer")
check("members: add a restricted developer", added.workspace_role == "workspace_restricted_developer")
check(
    "members: retrieve",
    org.workspaces.members.retrieve(member.id, workspace_id=created.id).workspace_role == "workspace_restricted_developer",
)
check(
    "members: update",
    org.workspaces.members.update(member.id, workspace_id=created.id, workspace_role="workspace_user").workspace_role
    == "workspace_user",
)
in_workspace = list(org.workspaces.members.list(created.id, limit=2))
check("members: admins and billing inherited, listed", any(m.user_id == admin.id for m in in_workspace))
removed = org.workspaces.members.remove(member.id, workspace_id=created.id)
check("members: remove", removed.type == "workspace_member_deleted")
expect_error(
    "members: adding twice",
    anthropic.ConflictError,
    lambda: org.workspaces.members.add(created.id, user_id=admin.id, workspace_role="workspace_user"),
)

# --- Workspace rate limits
limits = list(org.workspaces.rate_limits.list(workspaces[0].id, include_inherited=True))
check("workspace rate limits: every group with inherited values", len(limits) == 8)

archived = org.workspaces.archive(created.id)
check("workspaces: archive", archived.archived_at is not None)

# --- API keys
keys = list(org.api_keys.list(limit=5))
check("api keys: 43 through every page", len(keys) == 43)
check("api keys: the legacy key has no creator", any(k.created_by is None for k in keys))
check("api keys: status filter", all(k.status == "expired" for k in org.api_keys.list(status="expired")))
key = next(k for k in keys if k.status == "active" and k.created_by is not None)
check("api keys: retrieve", org.api_keys.retrieve(key.id).id == key.id)
check("api keys: rename", org.api_keys.update(key.id, name=f"{key.name} (sdk)").name.endswith("(sdk)"))
org.api_keys.update(key.id, name=key.name)

# --- Organization rate limits
groups = list(org.rate_limits.list(limit=3))
check("rate limits: every group through every page", len(groups) == 8)
check("rate limits: a model's group", len(list(org.rate_limits.list(model="claude-sonnet-4-5"))) == 1)
expect_error("rate limits: an unknown model", anthropic.NotFoundError, lambda: list(org.rate_limits.list(model="nope")))

print(f"sdk-check: anthropic {anthropic.__version__}: {checks} checks passed")
