"""Deployment settings of the demo payments service, committed the way teams sometimes do.

Demo data: these credentials were generated for this example and open nothing. gatekeeper's
`secrets` scanner reports each of them, and no report prints one in full.
"""

import os

DATABASE_URL = "postgresql://payments:8lSliBx5hoUiwlB1gQ9J@db.payments.internal:5432/payments"

# Signs the PSP's webhook callbacks; whoever has it can forge "payment succeeded" events.
PSP_WEBHOOK_SECRET = "whsec_NM4wHiEeTPNOirtjBHAy14GLLM0usJUs"

SETTLEMENT_SFTP_HOST = "sftp.acquirer.example"
SETTLEMENT_SFTP_USER = "payments-demo"
SETTLEMENT_SFTP_PASSWORD = "dr3aG6bVIOUX8v9trk"

# The right way, for comparison: read at run time, nothing to report.
PSP_API_KEY = os.environ.get("PSP_API_KEY", "")
