-- Customer lifetime value per account (accounts with at least one counted order).
--   revenue             sum of the account's counted orders (revenue_orders): its historic CLTV
--   orders              how many counted orders
--   avg_order_value     revenue / orders
--   purchase_frequency  counted orders in the 365 days up to as_of: orders per year
--   lifespan_days       days from the first counted order to the churn day of the last span,
--                       or to as_of while the account is still active (customer_spans)
--   churned             no span is active on as_of
--   predicted_cltv      revenue + what the account is expected to spend until it reaches the
--                       average lifespan of all customers (avg lifespan_days):
--                       avg_order_value × purchase_frequency × max(avg lifespan − lifespan_days, 0) / 365;
--                       a churned account's lifetime is over, so its predicted CLTV is its revenue.
WITH p AS (SELECT * FROM metric_context),
per_account AS (
  SELECT
    r.account_id,
    sum(r.total) AS revenue,
    count(*) AS orders,
    min(r.order_date) AS first_order_on,
    count(*) FILTER (WHERE r.order_date > p.as_of - 365) AS orders_last_year
  FROM revenue_orders r, p
  GROUP BY r.account_id
),
last_span AS (
  SELECT account_id, max(ended_on) AS ended_on
  FROM customer_spans
  GROUP BY account_id
),
lifespans AS (
  SELECT
    a.*,
    -- No span at all: every order came after the status became churned; the lifespan is then 0.
    date_diff('day', a.first_order_on, least(coalesce(s.ended_on, a.first_order_on), p.as_of)) AS lifespan_days,
    coalesce(s.ended_on <= p.as_of, true) AS churned
  FROM per_account a
  CROSS JOIN p
  LEFT JOIN last_span s ON s.account_id = a.account_id
),
with_average AS (
  SELECT *, avg(lifespan_days) OVER () AS avg_lifespan_days
  FROM lifespans
)
SELECT
  account_id,
  revenue,
  orders,
  revenue / orders AS avg_order_value,
  orders_last_year AS purchase_frequency,
  lifespan_days,
  churned,
  CASE
    WHEN churned THEN revenue
    ELSE revenue + (revenue / orders) * orders_last_year * greatest(avg_lifespan_days - lifespan_days, 0) / 365
  END AS predicted_cltv
FROM with_average
ORDER BY predicted_cltv DESC, account_id
