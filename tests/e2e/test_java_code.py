"""Java code through the CLI: the bundled Java pack (rules/semgrep/java) analyses a small Spring MVC /
Servlet service, every finding carries its CWE and maps to PCI DSS 6.2.4, the default policy blocks
the high and critical ones only, the safe twin of each line stays quiet (a pass with the Java files
counted as analysed), and a Java file semgrep cannot parse is lost coverage (exit 2), never a pass."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

CONTROLLER = """\
package com.acme.pay;

import java.sql.Connection;
import java.sql.SQLException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PaymentController {
    private JdbcTemplate jdbc;

    @GetMapping("/payments")
    public Object payments(@RequestParam String merchant) {
        return jdbc.queryForList("SELECT * FROM payment WHERE merchant = '" + merchant + "'");
    }

    @GetMapping("/export")
    public void export(@RequestParam String day) throws java.io.IOException {
        Runtime.getRuntime().exec("sh -c /opt/export.sh " + day);
    }

    @GetMapping("/back")
    public void back(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        response.sendRedirect(request.getParameter("next"));
    }

    @GetMapping("/prefs")
    public void prefs(HttpServletRequest request, HttpSession session) {
        session.setAttribute("theme", request.getParameter("theme"));
    }
}
"""

CRYPTO = """\
package com.acme.pay;

import java.security.MessageDigest;
import javax.crypto.Cipher;

public class Vault {
    public byte[] seal(byte[] pan, java.security.Key key) throws Exception {
        Cipher cipher = Cipher.getInstance("DES/ECB/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return cipher.doFinal(pan);
    }

    public byte[] fingerprint(byte[] data) throws Exception {
        return MessageDigest.getInstance("MD5").digest(data);
    }
}
"""

SAFE_CONTROLLER = """\
package com.acme.pay;

import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PaymentController {
    private static final Set<String> PAGES = Set.of("/home", "/payments");
    private JdbcTemplate jdbc;

    @GetMapping("/payments")
    public Object payments(@RequestParam String merchant) {
        return jdbc.queryForList("SELECT * FROM payment WHERE merchant = ?", merchant);
    }

    @GetMapping("/export")
    public void export(@RequestParam int day) throws java.io.IOException {
        Runtime.getRuntime().exec("sh -c /opt/export.sh " + day);
    }

    @GetMapping("/back")
    public void back(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        String next = request.getParameter("next");
        response.sendRedirect(PAGES.contains(next) ? next : "/home");
    }

    @GetMapping("/prefs")
    public void prefs(HttpServletRequest request, HttpSession session) {
        session.setAttribute("theme", Boolean.parseBoolean(request.getParameter("dark")));
    }
}
"""

SAFE_CRYPTO = CRYPTO.replace('"DES/ECB/PKCS5Padding"', '"AES/GCM/NoPadding"').replace('"MD5"', '"SHA-256"')

# (file, line, rule, blocks under the default policy: fail_on high, confidence medium)
EXPECTED = {
    ("PaymentController.java", 19, "java-sql-injection", True),
    ("PaymentController.java", 24, "java-command-injection", True),
    ("PaymentController.java", 29, "java-open-redirect", False),
    ("PaymentController.java", 34, "java-trust-boundary-session", False),
    ("Vault.java", 8, "java-weak-cipher", True),
    ("Vault.java", 14, "java-weak-hash", False),
}


def _tree(root: Path, controller: str, crypto: str) -> Path:
    package = root / "src" / "main" / "java" / "com" / "acme" / "pay"
    package.mkdir(parents=True)
    (package / "PaymentController.java").write_text(controller)
    (package / "Vault.java").write_text(crypto)
    return root


def _scan(root: Path) -> tuple[int, dict]:
    proc = run_cli("scan", str(root), "--scanner", "semgrep", "--format", "json", "--no-cache")
    assert proc.returncode in (0, 1, 2), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_java_findings_carry_cwe_controls_and_block_by_severity(tmp_path: Path) -> None:
    code, report = _scan(_tree(tmp_path, CONTROLLER, CRYPTO))
    blocking = set(report["verdict"]["blocking"])
    found = {
        (Path(f["location"]["path"]).name, f["location"]["start_line"], f["rule_id"], f["fingerprint"] in blocking)
        for f in report["findings"]
    }
    assert found == EXPECTED
    for finding in report["findings"]:
        assert finding["cwe"] and all(c.startswith("CWE-") for c in finding["cwe"]), finding
        assert "pci-dss:6.2.4" in finding["controls"], finding
    assert code == 1 and report["verdict"]["status"] == "failed"
    java = next(k for k in report["scan"]["coverage"]["kinds"] if k["kind"] == "java")
    assert java["analysed"] == 2 and java["analysers"] == ["semgrep"] and not java["not_covered"]


def test_safe_twins_pass_with_the_java_files_analysed(tmp_path: Path) -> None:
    code, report = _scan(_tree(tmp_path, SAFE_CONTROLLER, SAFE_CRYPTO))
    assert report["findings"] == []
    assert code == 0 and report["verdict"]["status"] == "passed"
    java = next(k for k in report["scan"]["coverage"]["kinds"] if k["kind"] == "java")
    assert java["analysed"] == 2


def test_a_java_file_semgrep_cannot_parse_is_lost_coverage(tmp_path: Path) -> None:
    # The first method left unclosed: semgrep's Java parser gives up on the file (a lesser slip,
    # such as a missing parenthesis, it recovers from and still analyses).
    end_of_payments = 'merchant + "\'");\n    }'
    broken = CONTROLLER.replace(end_of_payments, 'merchant + "\'");\n    void unfinished( {')
    assert broken != CONTROLLER
    root = _tree(tmp_path, broken, SAFE_CRYPTO)
    proc = run_cli("scan", str(root), "--scanner", "semgrep", "--no-cache")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert (
        "gatekeeper: error: semgrep: could not scan 1 file(s), e.g. src/main/java/com/acme/pay/PaymentController.java"
        in proc.stderr
    )
    assert "Traceback" not in proc.stderr
