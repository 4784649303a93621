"""`make docker-smoke`: build the image and check the container as an operator would meet it.

Checks, against the in-repo fake Bot API on the host's loopback (the container shares the host
network, so no container registry or internet is needed once the base image exists):
  1. the image builds;
  2. the container answers /start;
  3. its process runs as a non-root user;
  4. its SQLite file is on the /data volume;
  5. `docker stop` ends it cleanly (exit status 0, no traceback).
Exit status 0 when all hold; each check prints one line.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fakes.telegram_api import TOKEN, FakeTelegramAPI  # noqa: E402

IMAGE = "claimwatch:smoke"
NAME = "claimwatch-smoke"
VOLUME = "claimwatch-smoke-data"


def docker(*args: str, check: bool = True) -> str:
    proc = subprocess.run(["docker", *args], capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise SystemExit(f"docker {' '.join(args[:2])} failed:\n{proc.stderr[-3000:]}")
    return proc.stdout.strip()


def check(label: str, ok: bool, detail: str = "") -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {label}{': ' + detail if detail else ''}", flush=True)
    if not ok:
        raise SystemExit(1)


async def adocker(*args: str, check: bool = True) -> str:
    """``docker`` off the event loop, which serves the fake Bot API the container talks to."""
    return await asyncio.to_thread(docker, *args, check=check)


async def smoke(feeds_dir: Path) -> None:
    async with FakeTelegramAPI() as api:
        await adocker("rm", "-f", NAME, check=False)
        await adocker("volume", "rm", "-f", VOLUME, check=False)
        await adocker(
            "run", "-d", "--name", NAME, "--network", "host",
            "-e", f"CLAIMWATCH_TELEGRAM_TOKEN={TOKEN}",
            "-e", f"CLAIMWATCH_TELEGRAM_API_URL={api.base_url}",
            "-e", "CLAIMWATCH_FEEDS_FILE=/smoke/feeds.toml",  # no polling of the internet
            "-v", f"{feeds_dir}:/smoke:ro", "-v", f"{VOLUME}:/data", IMAGE,
        )  # fmt: skip
        try:
            await api.wait_for_call("setMyCommands", ceiling=120)
            await api.send_command("/start", chat_id=4242)
            replies = await api.wait_for_messages(1, chat_id=4242, ceiling=60)
            check("answers /start", bool(replies[0].text), replies[0].text.splitlines()[0][:60])
            uid = await adocker("exec", NAME, "id", "-u")
            check("runs as non-root", uid != "0", f"uid {uid}")
            listing = await adocker("exec", NAME, "ls", "-l", "/data")
            check("keeps its SQLite file on /data", "claimwatch.db" in listing)
            await adocker("stop", "-t", "30", NAME)
            code = await adocker("inspect", "-f", "{{.State.ExitCode}}", NAME)
            logs = await asyncio.to_thread(
                subprocess.run, ["docker", "logs", NAME], capture_output=True, text=True, check=False
            )
            output = logs.stdout + logs.stderr
            # No uncaught exception (a library's own log record may carry a one-line traceback).
            uncaught = any(line.startswith("Traceback") for line in output.splitlines())
            clean = code == "0" and not uncaught
            if not clean:
                print(output[-4000:])
            check("stops cleanly on docker stop", clean, f"exit {code}")
            check("token never in its logs", TOKEN not in output)
        finally:
            await adocker("rm", "-f", NAME, check=False)
            await adocker("volume", "rm", "-f", VOLUME, check=False)


def repair_stand_in_base() -> None:
    """The stand-in base image is imported from a ``mktemp -d`` folder, so its ``/`` is mode 700
    and a non-root user can reach nothing (the real python:3.11-slim has 755). A RUN layer cannot
    change ``/`` itself, so re-import the image with its root entry mode fixed."""
    mode = docker("run", "--rm", "--user", "0", "--entrypoint", "stat", "python:3.11-slim", "-c", "%a", "/")
    if mode == "755":
        return
    env = docker("image", "inspect", "python:3.11-slim", "-f", "{{range .Config.Env}}{{println .}}{{end}}")
    docker("rm", "-f", "claimwatch-base-fix", check=False)
    docker("create", "--name", "claimwatch-base-fix", "python:3.11-slim", "true")
    with tempfile.TemporaryDirectory() as tmp:
        exported, fixed = Path(tmp, "base.tar"), Path(tmp, "fixed.tar")
        with exported.open("wb") as out:
            subprocess.run(["docker", "export", "claimwatch-base-fix"], stdout=out, check=True)
        docker("rm", "-f", "claimwatch-base-fix", check=False)
        with tarfile.open(exported) as src, tarfile.open(fixed, "w") as dst:
            for member in src:
                if member.name in (".", "./"):
                    member.mode = 0o755
                dst.addfile(member, src.extractfile(member) if member.isreg() else None)
        changes = [arg for line in env.splitlines() if line for arg in ("-c", f"ENV {line}")]
        docker("import", *changes, str(fixed), "python:3.11-slim")
    mode = docker("run", "--rm", "--user", "0", "--entrypoint", "stat", "python:3.11-slim", "-c", "%a", "/")
    check("stand-in base image's / opened to 755", mode == "755", mode)


def main() -> None:
    base = ROOT.parent / "shared" / "tools" / "docker-base.sh"
    if base.is_file():  # no container registry here: build the stand-in base image first
        subprocess.run(["bash", str(base)], check=True)
        repair_stand_in_base()
    if "--no-build" not in sys.argv:  # re-check a built image without rebuilding it
        build = subprocess.run(["docker", "build", "--network", "host", "-t", IMAGE, str(ROOT)], check=False)
        check("image builds", build.returncode == 0)
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "feeds.toml").write_text("feeds = []\n", encoding="utf-8")
        Path(tmp).chmod(0o755)
        Path(tmp, "feeds.toml").chmod(0o644)
        asyncio.run(smoke(Path(tmp)))
    print("docker-smoke: all checks passed")


if __name__ == "__main__":
    main()
