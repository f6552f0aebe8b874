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
-- Each order with its neighbours (one sort of the orders): does it open a span (the gap since the
-- previous order is over churn_days), does it close one (the gap to the next is)? Orders on the
-- same day may come in any order: the gaps between them are 0, so the spans come out the same.
marked AS (
  SELECT
    r.account_id,
    r.order_date,
    row_number() OVER w AS n,
    coalesce(r.order_date - lag(r.order_date) OVER w > p.churn_days, true) AS opens,
    coalesce(lead(r.order_date) OVER w - r.order_date > p.churn_days, true) AS closes
  FROM revenue_orders r
  CROSS JOIN p
  LEFT JOIN status_churn s ON s.account_id = r.account_id
  WHERE s.churned_on IS NULL OR r.order_date < s.churned_on
  WINDOW w AS (PARTITION BY r.account_id ORDER BY r.order_date)
),
-- Only the orders that open or close a span remain (about two per span); each opening order's
-- span closes at itself or at the next remaining order.
spans AS (
  SELECT account_id, span_no, started_on, last_order_on, orders
  FROM (
    SELECT
      account_id,
      opens,
      order_date AS started_on,
      CASE WHEN closes THEN order_date ELSE lead(order_date) OVER v END AS last_order_on,
      CASE WHEN closes THEN 1 ELSE lead(n) OVER v - n + 1 END AS orders,
      sum(CASE WHEN opens THEN 1 ELSE 0 END) OVER v AS span_no
    FROM marked
    WHERE opens OR closes
    WINDOW v AS (PARTITION BY account_id ORDER BY n)
  )
  WHERE opens
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
  e.orders,
  e.ended_on,
  e.ended_on <= p.as_of AS churned,
  CASE
    WHEN e.ended_on > p.as_of THEN NULL
    WHEN e.ended_on = e.churned_on THEN 'status'
    ELSE 'no_orders'
  END AS churn_reason
FROM ends e, p
