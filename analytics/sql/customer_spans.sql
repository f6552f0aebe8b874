-- When each account was an active customer: one row per span of activity.
-- A span starts on the day of a counted order (revenue_orders) and lasts while orders keep coming:
-- the account is active on day t while t - (its latest order day <= t) < churn_days. It churns on
--   * last order day + churn_days, when that many days pass with no order ("no_orders"), or
--   * the day its status became churned (accounts.churned_at), if that comes first ("status").
-- An order after a "no_orders" churn starts a new span (the customer came back). Orders on or
-- after the day the status became churned are not part of any span: the status is the last word.
-- ended_on is the first day the account is no longer active; it may lie after as_of, in which
-- case the account is still active as of as_of (churned = false, churn_reason NULL).
-- Accounts without a counted order were never customers and have no span.
WITH p AS (SELECT * FROM metric_context),
status_churn AS (
  SELECT a.id AS account_id, CAST(a.churned_at AS DATE) AS churned_on
  FROM accounts a, p
  WHERE a.status = 'churned' AND a.churned_at < p.as_of_end
),
order_days AS (
  SELECT DISTINCT r.account_id, r.order_date
  FROM revenue_orders r
  LEFT JOIN status_churn s ON s.account_id = r.account_id
  WHERE s.churned_on IS NULL OR r.order_date < s.churned_on
),
breaks AS (
  SELECT
    d.account_id,
    d.order_date,
    CASE WHEN d.order_date - lag(d.order_date) OVER w > p.churn_days THEN 1 ELSE 0 END AS starts_span
  FROM order_days d, p
  WINDOW w AS (PARTITION BY d.account_id ORDER BY d.order_date)
),
numbered AS (
  SELECT
    account_id,
    order_date,
    1 + sum(starts_span) OVER (PARTITION BY account_id ORDER BY order_date) AS span_no
  FROM breaks
),
spans AS (
  SELECT account_id, span_no, min(order_date) AS started_on, max(order_date) AS last_order_on, count(*) AS order_days
  FROM numbered
  GROUP BY account_id, span_no
),
ends AS (
  SELECT
    s.*,
    c.churned_on,
    -- least() skips NULL: without a status churn the span ends churn_days after its last order.
    least(s.last_order_on + p.churn_days, c.churned_on) AS ended_on
  FROM spans s
  CROSS JOIN p
  LEFT JOIN status_churn c ON c.account_id = s.account_id
)
SELECT
  e.account_id,
  CAST(e.span_no AS INTEGER) AS span_no,
  e.started_on,
  e.last_order_on,
  e.order_days,
  e.ended_on,
  e.ended_on <= p.as_of AS churned,
  CASE
    WHEN e.ended_on > p.as_of THEN NULL
    WHEN e.ended_on = e.churned_on THEN 'status'
    ELSE 'no_orders'
  END AS churn_reason
FROM ends e, p
