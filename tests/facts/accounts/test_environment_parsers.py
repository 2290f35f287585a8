"""Parsers and views behind the environment rules: PATH and umask lines, /etc/aliases, PAM stacks, and the
umask that wins."""

from __future__ import annotations

from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.accounts.aliases import parse_aliases
from garrison.facts.accounts.environment import UmaskFacts
from garrison.facts.accounts.logindefs import parse_login_defs
from garrison.facts.accounts.pam import parse_pam
from garrison.facts.accounts.pamfiles import PamFacts
from garrison.facts.accounts.shellenv import (
    env_file_paths,
    login_defs_path,
    path_assignments,
    split_path,
    umask_lines,
    umask_value,
)
from garrison.model import Dialect


def test_path_assignments_unquote_and_keep_expansions() -> None:
    text = (
        "# PATH=/nope\n"
        'export PATH="$HOME/bin:$PATH"  # mine\n'
        "if true; then\n"
        "  PATH=/opt/x:$PATH; fi\n"
        "MYPATH=/z\n"
    )
    assert path_assignments(text, "/root/.bashrc") == [(2, "$HOME/bin:$PATH"), (4, "/opt/x:$PATH")]


def test_split_path_entries_inherit_and_skipped() -> None:
    assert split_path("$HOME/bin:${PATH}:/usr/local/bin") == (("/root/bin", "/usr/local/bin"), ())
    assert split_path("$PATH::.:bin") == (("", ".", "bin"), ())
    assert split_path("$PYENV_ROOT/shims:$PATH") == ((), ("$PYENV_ROOT/shims",))
    assert split_path("~/bin:/usr/bin") == (("/root/bin", "/usr/bin"), ())
    assert split_path("$PATH:") == (("",), ())


def test_environment_file_and_login_defs_values() -> None:
    assert env_file_paths('LANG=C\nPATH="/usr/sbin:/usr/bin"\n') == [(2, "/usr/sbin:/usr/bin")]
    assert login_defs_path("PATH=/sbin:/bin") == "/sbin:/bin"
    assert login_defs_path("/sbin:/bin") == "/sbin:/bin"


def test_umask_values() -> None:
    assert umask_value("027") == 0o027
    assert umask_value("0077") == 0o077
    assert umask_value("u=rwx,g=rx,o=") == 0o027
    assert umask_value("u=rwx,g=") is None  # o left as it was: unknown
    assert umask_value("g-w") is None
    assert umask_value("9") is None


def test_umask_lines_find_commands_not_mentions() -> None:
    text = (
        "# umask 000\n"
        "umask 022\n"
        "if [ x ]; then umask 027; fi\n"
        "echo umask 000\n"
        "umask -S\n"
        '[ -n "$DEV" ] && umask 002\n'
    )
    found = umask_lines(text, "/etc/profile")
    assert [(u.text, u.value, u.location.line) for u in found] == [
        ("022", 0o022, 2),
        ("027", 0o027, 3),
        ("002", 0o002, 6),
    ]


def test_aliases_continuations_case_and_last_wins() -> None:
    text = "postmaster: root\nRoot: admin,\n  ops@example.net\n# root: nobody\nbad line\nroot: alice\n"
    aliases, issues = parse_aliases(text, "/etc/aliases")
    assert aliases["root"].targets == ("alice",) and aliases["root"].location.line == 6
    assert aliases["postmaster"].setting.dialect is Dialect.MAIL_ALIASES
    assert [str(i.location) for i in issues] == ["/etc/aliases:5"]
    first, _ = parse_aliases(text.replace("root: alice\n", ""), "/etc/aliases")
    assert first["root"].targets == ("admin", "ops@example.net")


def _pam(files: dict[str, str]) -> PamFacts:
    return PamFacts(MappingProxyType({p: parse_pam(t, p)[0] for p, t in files.items()}))


def test_pam_stack_and_includers() -> None:
    pam = _pam(
        {
            "/etc/pam.d/common-auth": "auth required pam_unix.so nullok\n",
            "/etc/pam.d/common-session": "session optional pam_umask.so\n",
            "/etc/pam.d/login": "@include common-auth\nsession include common-session\n",
            "/etc/pam.d/sshd": "@include common-auth\n@include login\n",
            "/etc/pam.d/loop": "@include loop\n",
        }
    )
    assert [line.module for line in pam.stack("/etc/pam.d/sshd", "session")] == ["pam_umask.so"]
    assert pam.includers("/etc/pam.d/common-auth") == ("/etc/pam.d/login", "/etc/pam.d/sshd")
    assert pam.includers("/etc/pam.d/common-session") == ("/etc/pam.d/login", "/etc/pam.d/sshd")
    assert pam.stack("/etc/pam.d/loop", "auth") == ()
    assert len(pam.lines_of("pam_unix")) == 1


def _umask(session: str, login_defs: str, shell: str = "") -> UmaskFacts:
    pam = _pam({"/etc/pam.d/common-session": session})
    stack = pam.stack("/etc/pam.d/common-session", "session")
    line = next((x for x in stack if x.module_name == "pam_umask"), None)
    defs, _ = parse_login_defs(login_defs)
    return UmaskFacts(line, "/etc/pam.d/common-session", defs, tuple(umask_lines(shell, "/etc/profile")), ())


def test_umask_precedence() -> None:
    inherited = _umask("session required pam_unix.so\n", "UMASK 027\n").effective()
    assert inherited.value == 0o022 and inherited.effective.is_default
    from_defs = _umask("session optional pam_umask.so\n", "UMASK 027\n").effective()
    assert from_defs.value == 0o027 and from_defs.effective.setting.dialect is Dialect.LOGIN_DEFS
    argument = _umask("session optional pam_umask.so umask=0077 usergroups\n", "UMASK 027\n").effective()
    assert argument.value == 0o077 and argument.usergroups and argument.effective.line == 1
    shell = _umask("session optional pam_umask.so umask=0077\n", "", "umask 022\n").effective()
    assert shell.value == 0o022 and shell.effective.setting.dialect is Dialect.SHELL
    assert _umask("", "", "umask 027\numask g-w\n").undecided is not None


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list(":$~{}PATH=export umask 0127ugo=rwx,\"'#;\n\t/.")), max_size=200
    )
)
def test_shell_parsers_never_raise(text: str) -> None:
    for number, value in path_assignments(text, "/x"):
        assert number >= 1
        split_path(value)
    umask_lines(text, "/x")
    env_file_paths(text)
    parse_aliases(text, "/etc/aliases")
