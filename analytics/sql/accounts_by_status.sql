-- Accounts per status (prospect, customer, churned). An empty status is reported as NULL.
-- Largest groups first; ties by status name, the NULL group last among equals.
SELECT
  NULLIF(trim(status), '') AS status,
  count(*) AS accounts
FROM accounts
GROUP BY ALL
ORDER BY accounts DESC, status ASC NULLS LAST
