"""Shell integration for the console: bash and zsh write the semantic prompt marks.

Nothing of the user's is changed: not their rc files, not their prompt (seen from a
command, ``$PS1`` is theirs; the marks are invisible), not their history.

- bash runs ``bash --rcfile <ours>``; our file first reads what an interactive bash
  would (``~/.bashrc``, or the profile files for a login shell, or the ``--rcfile``
  given), then adds a first and a last entry to ``PROMPT_COMMAND`` (the user's stays
  between them) and a ``DEBUG`` trap (chained to the user's, if any).
- zsh runs with ``ZDOTDIR`` pointing to our folder; our ``.zshenv``, ``.zprofile`` and
  ``.zshrc`` read the user's (from their ``ZDOTDIR`` or ``$HOME``) with ``ZDOTDIR`` set
  back to theirs, then add ``precmd``/``preexec`` hooks.

Other shells (sh, dash, fish…) run as they are: the console says that command-aware
feedback is off for them. The scripts are written to the data folder
(``<data>/shell/``) when the console starts.
"""

from __future__ import annotations

import contextlib
import os
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: bash's ``--rcfile``. ``__DL_BASH_RC``: the rc file to read instead of ~/.bashrc. For
#: ``--norc`` (no startup file at all, not even /etc/bash.bashrc), bash keeps ``--norc`` and
#: reads this file from ``PROMPT_COMMAND`` at its first prompt (``__DL_BASH_BOOT``), then
#: gives the user's ``PROMPT_COMMAND`` (``__DL_BASH_PC``) back.
BASH_RC = r"""# docker-lab : intégration du shell (marques OSC 133), régénérée à chaque lancement.
# Lit d'abord vos propres fichiers, comme bash l'aurait fait ; ne change ni votre invite
# (les marques sont invisibles) ni votre historique.
if [ -n "${__DL_BASH_LOGIN-}" ]; then
  if [ -z "${__DL_BASH_NOPROFILE-}" ]; then
    [ -r /etc/profile ] && . /etc/profile
    if [ -r ~/.bash_profile ]; then . ~/.bash_profile
    elif [ -r ~/.bash_login ]; then . ~/.bash_login
    elif [ -r ~/.profile ]; then . ~/.profile
    fi
  fi
elif [ -n "${__DL_BASH_BOOT-}" ]; then
  :  # --norc : aucun fichier de démarrage
elif [ -n "${__DL_BASH_RC+set}" ]; then
  if [ -n "$__DL_BASH_RC" ] && [ -r "$__DL_BASH_RC" ]; then . "$__DL_BASH_RC"; fi
elif [ -r ~/.bashrc ]; then
  . ~/.bashrc
fi
unset __DL_BASH_LOGIN __DL_BASH_NOPROFILE __DL_BASH_RC

if [ -z "${__dl_installed-}" ] && [[ $- == *i* ]]; then
  __dl_installed=1
  __dl_state=0  # 0 : rien ; 1 : invite affichée ; 2 : une commande tourne
  __dl_status=0
  __dl_ps1=
  __dl_escape() {
    local text=$1 out= c i
    for (( i = 0; i < ${#text}; i++ )); do
      c=${text:i:1}
      case $c in
        '\') out+='\\' ;;
        ';') out+='\x3b' ;;
        [[:cntrl:]]) printf -v c '\\x%02x' "'$c"; out+=$c ;;
        *) out+=$c ;;
      esac
    done
    __dl_escaped=$out
  }
  __dl_histnum() {
    local line
    line=$(HISTTIMEFORMAT= builtin history 1)
    __dl_number=${line%%[^0-9 ]*}
    __dl_line=${line#"$__dl_number"}
    __dl_line=${__dl_line#"  "}
    __dl_number=${__dl_number// /}
  }
  __dl_precmd() {
    __dl_status=$?
    if [ "$__dl_state" = 2 ]; then builtin printf '\e]133;D;%s\a' "$__dl_status"; fi
    if [ "$__dl_state" = 1 ]; then PS1=$__dl_ps1; fi
    __dl_state=0
    return $__dl_status
  }
  __dl_arm() {
    __dl_ps1=$PS1
    PS1="\[\e]133;A\a\]$PS1\[\e]133;B\a\]"
    __dl_state=1
    return $__dl_status
  }
  __dl_preexec() {
    [ "$__dl_state" = 1 ] || return 0
    [ "$1" = __dl_precmd ] && return 0  # Entrée sur une ligne vide
    [ -n "${COMP_LINE-}" ] && return 0
    __dl_state=2
    PS1=$__dl_ps1
    local previous=$__dl_last
    __dl_histnum
    __dl_last=$__dl_number
    # pas d'entrée nouvelle (espace en tête, doublon, historique coupé) : la commande simple
    if [ -z "$__dl_number" ] || [ "$__dl_number" = "$previous" ]; then __dl_line=$1; fi
    __dl_escape "$__dl_line"
    builtin printf '\e]633;E;%s\a\e]133;C\a' "$__dl_escaped"
  }
  __dl_histnum
  __dl_last=$__dl_number
  if [ -n "${__DL_BASH_BOOT-}" ]; then  # --norc : lancé depuis PROMPT_COMMAND, une fois
    unset PROMPT_COMMAND
    if [ -n "${__DL_BASH_PC+set}" ]; then PROMPT_COMMAND=$__DL_BASH_PC; fi
  fi
  if (( BASH_VERSINFO[0] > 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] >= 1) )); then
    PROMPT_COMMAND=(__dl_precmd "${PROMPT_COMMAND[@]}" __dl_arm)
  else
    PROMPT_COMMAND=$'__dl_precmd\n'"${PROMPT_COMMAND-}"$'\n__dl_arm'
  fi
  __dl_user_trap=$(trap -p DEBUG)
  __dl_user_trap=${__dl_user_trap#"trap -- "}
  __dl_user_trap=${__dl_user_trap%" DEBUG"}
  eval "__dl_user_trap=${__dl_user_trap:-''}"
  trap '__dl_preexec "$BASH_COMMAND"; eval "$__dl_user_trap"' DEBUG
  if [ -n "${__DL_BASH_BOOT-}" ]; then
    unset __DL_BASH_BOOT __DL_BASH_PC
    __dl_arm
  fi
fi
"""

#: zsh's ``.zshenv`` in our ZDOTDIR. ``__DL_USER_ZDOTDIR``: the user's ZDOTDIR, if they had one.
ZSHENV = r"""# docker-lab : intégration du shell (marques OSC 133), régénérée à chaque lancement.
# Lit vos propres fichiers depuis votre ZDOTDIR (ou $HOME), qui vous est rendu ensuite.
__DL_ZDOTDIR=${ZDOTDIR}
if [[ -n ${__DL_USER_ZDOTDIR+set} ]]; then ZDOTDIR=$__DL_USER_ZDOTDIR; else ZDOTDIR=$HOME; fi
[[ -r $ZDOTDIR/.zshenv ]] && builtin source $ZDOTDIR/.zshenv
if [[ -o interactive ]]; then
  __DL_USER_ZDOTDIR=$ZDOTDIR
  ZDOTDIR=$__DL_ZDOTDIR
else
  if [[ $ZDOTDIR == $HOME && -z ${__DL_USER_ZDOTDIR+set} ]]; then unset ZDOTDIR; fi
  unset __DL_USER_ZDOTDIR __DL_ZDOTDIR
fi
"""

ZPROFILE = r"""# docker-lab : lit votre .zprofile.
ZDOTDIR=$__DL_USER_ZDOTDIR
[[ -r $ZDOTDIR/.zprofile ]] && builtin source $ZDOTDIR/.zprofile
__DL_USER_ZDOTDIR=$ZDOTDIR
ZDOTDIR=$__DL_ZDOTDIR
"""

ZSHRC = r"""# docker-lab : lit votre .zshrc, puis ajoute ses crochets precmd et preexec.
ZDOTDIR=$__DL_USER_ZDOTDIR
[[ -r $ZDOTDIR/.zshrc ]] && builtin source $ZDOTDIR/.zshrc
if [[ $ZDOTDIR == $HOME && -z ${__DL_HAD_ZDOTDIR-} ]]; then unset ZDOTDIR; fi
unset __DL_USER_ZDOTDIR __DL_ZDOTDIR __DL_HAD_ZDOTDIR
typeset -g __dl_state=0 __dl_ps1=
__dl_escape() {
  local text=$1 out= c
  local -i i
  for (( i = 1; i <= ${#text}; i++ )); do
    c=${text[i]}
    case $c in
      ('\') out+='\\' ;;
      (';') out+='\x3b' ;;
      ([[:cntrl:]]) out+=$(builtin printf '\\x%02x' "'$c") ;;
      (*) out+=$c ;;
    esac
  done
  REPLY=$out
}
__dl_precmd() {
  local dl_status=$?
  (( __dl_state == 2 )) && builtin printf '\e]133;D;%s\a' $dl_status
  (( __dl_state == 1 )) && PS1=$__dl_ps1
  __dl_ps1=$PS1
  PS1=$'%{\e]133;A\a%}'$PS1$'%{\e]133;B\a%}'
  __dl_state=1
  if [[ ${precmd_functions[-1]} != __dl_precmd ]]; then  # rester le dernier crochet
    precmd_functions=(${precmd_functions:#__dl_precmd} __dl_precmd)
  fi
  return dl_status
}
__dl_preexec() {
  (( __dl_state == 1 )) || return 0
  PS1=$__dl_ps1
  __dl_state=2
  __dl_escape "$1"
  builtin printf '\e]633;E;%s\a\e]133;C\a' $REPLY
}
typeset -ag precmd_functions preexec_functions
precmd_functions+=(__dl_precmd)
preexec_functions=(__dl_preexec $preexec_functions)
"""

ZSH_FILES = {".zshenv": ZSHENV, ".zprofile": ZPROFILE, ".zshrc": ZSHRC}
INTEGRATED = ("bash", "zsh")
_BASH_FLAGS = frozenset({"-i", "--noediting", "--posix"})
_ZSH_FLAGS = frozenset({"-i", "-l", "--login"})


@dataclass(frozen=True)
class ShellLaunch:
    """How to start the console's shell.

    Attributes:
        argv: the command line to run.
        env: variables to add to the shell's environment.
        name: the shell's name (``bash``, ``zsh``, ``fish``…), for messages.
        integrated: whether the shell will write the semantic prompt marks.
    """

    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    name: str = ""
    integrated: bool = False


def shell_name(argv: Sequence[str]) -> str:
    """``bash`` for ``/usr/bin/bash`` or ``-bash``."""
    return os.path.basename(argv[0]).lstrip("-") if argv else ""


def write_scripts(folder: Path) -> Path:
    """Write (or refresh) the integration scripts under *folder*; return *folder*.

    Raises:
        OSError: the folder cannot be written.
    """
    files = {Path("bash") / "rc.bash": BASH_RC}
    files.update({Path("zsh") / name: text for name, text in ZSH_FILES.items()})
    for relative, text in files.items():
        path = folder / relative
        with contextlib.suppress(OSError):
            if path.read_text(encoding="utf-8") == text:
                continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    return folder


def _bash(argv: Sequence[str], folder: Path, user_env: Mapping[str, str]
          ) -> ShellLaunch | None:
    args, env = list(argv[1:]), {}
    kept: list[str] = []
    login = argv[0].startswith("-")
    noprofile = False
    while args:
        arg = args.pop(0)
        if arg in ("--rcfile", "--init-file") and args:
            env["__DL_BASH_RC"] = args.pop(0)
        elif arg == "--norc":
            env["__DL_BASH_RC"] = ""
        elif arg in ("-l", "--login"):
            login = True
        elif arg == "--noprofile":
            noprofile = True
        elif arg in _BASH_FLAGS:
            kept.append(arg)
        else:
            return None  # a script, -c, an option we do not know: run as it is
    rc = str(folder / "bash" / "rc.bash")
    program = argv[0].lstrip("-") or "bash"
    if login:
        env = {"__DL_BASH_LOGIN": "1"} | ({"__DL_BASH_NOPROFILE": "1"} if noprofile else {})
    elif env.get("__DL_BASH_RC") == "":
        env = {"__DL_BASH_BOOT": "1", "PROMPT_COMMAND": f". {shlex.quote(rc)}"}
        if "PROMPT_COMMAND" in user_env:
            env["__DL_BASH_PC"] = user_env["PROMPT_COMMAND"]
        return ShellLaunch([program, *kept, "--norc", "--noprofile"], env, "bash", True)
    return ShellLaunch([program, *kept, "--rcfile", rc], env, "bash", True)


def _zsh(argv: Sequence[str], folder: Path, env: Mapping[str, str]) -> ShellLaunch | None:
    if not set(argv[1:]) <= _ZSH_FLAGS:
        return None
    extra = {"ZDOTDIR": str(folder / "zsh")}
    if env.get("ZDOTDIR"):
        extra.update(__DL_USER_ZDOTDIR=env["ZDOTDIR"], __DL_HAD_ZDOTDIR="1")
    return ShellLaunch(list(argv), extra, "zsh", True)


def prepare(argv: Sequence[str], env: Mapping[str, str], folder: Path | None) -> ShellLaunch:
    """How to start *argv* with the integration (or as it is, when it cannot have it).

    Args:
        argv: the shell's command line.
        env: the environment it would get (to find the user's ``ZDOTDIR``).
        folder: where the scripts are written (``None``: no integration).
    """
    name = shell_name(argv)
    plain = ShellLaunch(list(argv), {}, name, False)
    if folder is None or name not in INTEGRATED:
        return plain
    try:
        write_scripts(folder)
    except OSError:
        return plain
    launch = _bash(argv, folder, env) if name == "bash" else _zsh(argv, folder, env)
    return launch or plain


def scripts_folder() -> Path | None:
    """``<data>/shell``, or ``None`` when the data folder cannot be used."""
    from docker_lab.paths import DataDirError, data_dir

    try:
        return data_dir() / "shell"
    except (DataDirError, OSError):
        return None
