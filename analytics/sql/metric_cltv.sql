-- Customer lifetime value for the whole workspace, one row:
--   avg_order_value     all counted revenue / all counted orders
--   purchase_frequency  counted orders in the 365 days up to as_of / accounts that placed one of
--                       them: orders per customer per year
--   avg_lifespan_days   average lifespan_days of every customer (cltv_by_account)
--   cltv                avg_order_value × purchase_frequency × avg_lifespan_days / 365
--   gross_margin_pct    (net line revenue − quantity × product cost) / net line revenue, over the
--                       lines of counted orders whose product has a cost (> 0; 0 means "not
--                       entered"); net = after discount, before tax. NULL when no product has a cost.
--   cltv_gross_margin   cltv × gross_margin_pct / 100: the profit a customer brings, not the revenue
WITH totals AS (
  SELECT
    sum(revenue) / sum(orders) AS avg_order_value,
    sum(purchase_frequency) / nullif(count(*) FILTER (WHERE purchase_frequency > 0), 0) AS purchase_frequency,
    avg(lifespan_days) AS avg_lifespan_days
  FROM cltv_by_account
),
margin AS (
  SELECT
    100 * (sum(l.quantity * l.unit_price * (1 - coalesce(l.discount_pct, 0) / 100)) - sum(l.quantity * pr.cost))
      / nullif(sum(l.quantity * l.unit_price * (1 - coalesce(l.discount_pct, 0) / 100)), 0) AS gross_margin_pct
  FROM order_lines l
  JOIN revenue_orders r ON r.order_id = l.order_id
  JOIN products pr ON pr.id = l.product_id
  WHERE pr.cost > 0
)
SELECT
  t.avg_order_value,
  t.purchase_frequency,
  t.avg_lifespan_days,
  t.avg_order_value * t.purchase_frequency * t.avg_lifespan_days / 365 AS cltv,
  m.gross_margin_pct,
  t.avg_order_value * t.purchase_frequency * t.avg_lifespan_days / 365 * m.gross_margin_pct / 100 AS cltv_gross_margin
FROM totals t, margin m
