-- Accounts per industry. An empty industry is reported as NULL (the UI labels it "(none)").
-- Largest groups first; ties by industry name, the NULL group last among equals.
SELECT
  NULLIF(trim(industry), '') AS industry,
  count(*) AS accounts
FROM accounts
GROUP BY ALL
ORDER BY accounts DESC, industry ASC NULLS LAST
