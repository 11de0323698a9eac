"""Connecting to the headquarters database on PostgreSQL, and its errors as the user's.

psycopg is an optional extra (``hq-postgres``): it is imported here, only when a
``postgresql://`` address is used, so a field laptop never needs it.  libpq reads
the password from ``~/.pgpass`` (or ``PGPASSFILE``) and fills what the address
leaves out from the ``PG*`` variables.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from checklists.common.errors import BundleRejected, SiteCheckError, WorkspaceError
from checklists.common.messages import Msg

SCHEMES = ("postgresql://", "postgres://")
MISSING_DRIVER = Msg("未安装 PostgreSQL 支持（psycopg）")


def is_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(SCHEMES)


def psycopg_module() -> Any:
    """psycopg, or a clear error when the optional extra is not installed."""
    try:
        import psycopg
    except ImportError:
        raise WorkspaceError(MISSING_DRIVER, hint="请安装附加组件：pip install 'sitecheck[hq-postgres]'"
                             ) from None
    return psycopg


def shown(url: str) -> str:
    """The address without its password, as messages show it."""
    psycopg = psycopg_module()
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return url.split("@")[-1]
    info.pop("password", None)
    return f"{info.get('user', '')}@{info.get('host', '')}/{info.get('dbname', '')}"


def connect(url: str) -> Any:
    """An autocommit connection (transactions are explicit: ``conn.transaction()``)."""
    psycopg = psycopg_module()
    try:
        # JIT compiles a plan in ~100 ms: more than any of these queries takes without it
        return psycopg.connect(url, autocommit=True, application_name="sitecheck", options="-c jit=off")
    except (psycopg.OperationalError, psycopg.ProgrammingError) as err:
        raise WorkspaceError(
            "无法连接局机关数据库 {target}：{error}",
            hint="请检查地址、用户名和密码（~/.pgpass 或 SITECHECK_HQ_URL），以及数据库服务器是否在运行",
            target=shown(url), error=_first_line(err)) from None


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


@contextmanager
def translated(doing: str, bundle_id: str | None = None, *, setting_up: bool = False) -> Iterator[None]:
    """PostgreSQL's errors as the user's: no right to write (a read-only clerk; or, while
    ``setting_up``, not the owner), a row the server refuses (a bundle's, then the bundle
    is refused), a lost connection."""
    psycopg = psycopg_module()
    errors = psycopg.errors
    try:
        yield
    except SiteCheckError:
        raise
    except errors.InsufficientPrivilege as err:
        if setting_up:
            raise WorkspaceError("当前数据库用户没有{doing}的权限：{error}", doing=Msg(doing),
                                 error=_first_line(err),
                                 hint="请用数据库的所有者连接；--roles 还需要 CREATEROLE 权限") from None
        raise read_only(doing) from None
    except (psycopg.IntegrityError, psycopg.DataError) as err:
        if bundle_id is None:
            raise
        raise BundleRejected("数据包 {id} 中的记录无法写入（{error}）",
                             hint="文件版本不符或已被篡改；工作区未作任何更改", id=bundle_id,
                             error=_first_line(err)) from None
    except psycopg.OperationalError as err:
        raise WorkspaceError("与局机关数据库的连接中断：{error}",
                             hint="未提交的更改已撤销；请检查网络和数据库服务器后重试",
                             error=_first_line(err)) from None


def read_only(doing: str) -> WorkspaceError:
    return WorkspaceError("当前数据库用户没有{doing}的权限：只读用户（sitecheck_clerk）只能查看台账、统计和冲突",
                          hint="请用有导入权限的用户（sitecheck_importer）连接", doing=Msg(doing))
