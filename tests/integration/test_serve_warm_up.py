"""``serve`` builds the App before Streamlit answers, so the first page run finds it built."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_platform.ui import launch, runtime

REPO = Path(__file__).resolve().parents[2]


def test_the_first_page_run_reuses_the_app_built_by_the_warm_up(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IP_CONFIG_FILE", str(REPO / "config.yaml"))
    monkeypatch.setenv("IP_DATABASE__URL", database_url)
    monkeypatch.setenv("IP_STORAGE__ROOT", str(tmp_path / "sessions"))
    monkeypatch.setenv("IP_LOGGING__FILE", str(tmp_path / "app.log"))
    monkeypatch.setenv("IP_LOGGING__AUDIT_TO_DATABASE", "false")
    runtime._build_app.clear()
    try:
        launch.warm_up(str(REPO / "config.yaml"))
        built: list[object] = []
        # A page run now must not build another App (that was the ~10 s blank page).
        monkeypatch.setattr(runtime, "create_app", built.append)

        app = runtime._build_app(runtime._config_path())

        assert built == []
        assert app.settings.database.url.get_secret_value() == database_url
    finally:
        runtime._build_app.clear()


def test_streamlit_is_told_to_listen_where_startup_sh_asks() -> None:
    args = launch.streamlit_args("127.0.0.1", 8600)

    assert args[:2] == ["run", str(launch.APP_ENTRY)]
    assert launch.APP_ENTRY.is_file()
    assert args[args.index("--server.port") + 1] == "8600"
    assert args[args.index("--server.address") + 1] == "127.0.0.1"
    assert args[args.index("--server.headless") + 1] == "true"
