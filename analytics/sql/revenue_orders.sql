-- The orders that count toward revenue: every status except cancelled and returned, placed by an
-- account, up to the end of the as-of day. A missing total counts as 0 (the order still counts).
-- order_date is the UTC calendar day of ordered_at: churn and lifespans are counted in whole days.
SELECT
  o.id AS order_id,
  o.account_id,
  o.ordered_at,
  CAST(o.ordered_at AS DATE) AS order_date,
  coalesce(o.total, 0) AS total
FROM orders o, metric_context p
WHERE coalesce(o.status, '') NOT IN ('cancelled', 'returned')
  AND o.account_id IS NOT NULL
  AND o.ordered_at < p.as_of_end
