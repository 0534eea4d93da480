"""Security of case management: accounts and passwords, roles and the permission matrix,
sessions and CSRF, field encryption with blind indexes, key rotation and the audit log."""
