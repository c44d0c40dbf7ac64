import subprocess


def rotate_logs(name):
    # ruleid: python-shell-true-with-list
    subprocess.run(["logrotate", "-f", "/etc/logrotate.d/payments"], shell=True, check=True)

    # ruleid: python-shell-true-with-list
    subprocess.check_output(['ls', '-l'], shell=True)

    # ruleid: python-shell-true-with-list
    subprocess.Popen(
        ["systemctl", "reload", "nginx"],
        shell=True,
    )

    # ok: python-shell-true-with-list
    subprocess.run(["logrotate", "-f", "/etc/logrotate.d/payments"], check=True)

    # ok: python-shell-true-with-list
    subprocess.run(["logrotate", name], shell=True)

    # ok: python-shell-true-with-list
    subprocess.run("logrotate -f /etc/logrotate.d/payments", shell=True)

    # ok: python-shell-true-with-list
    subprocess.run(["logrotate", "-f"], shell=False)
