"""The mechanisms every domain uses: database and configuration, errors and their one response shape,
security headers, i18n, input bounds, versioned edits, project-scoped lookups, CSV and charts. The core
imports no domain (import-linter checks it)."""
