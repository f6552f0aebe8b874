-- Weighted pipeline by expected close month: each open opportunity contributes amount × probability.
--   period           first day of the month of close_date. A deal whose close month has passed is
--                    still open, so it is expected now: it counts in the month of as_of.
--                    NULL for deals without a close date.
--   opportunities    open deals;  amount: their summed amount
--   weighted_amount  sum of amount × probability / 100. A missing probability falls back to the
--                    default stage's (prospecting 10, qualification 25, proposal 50,
--                    negotiation 75), else 0.
-- Open as of as_of: created by then, and not won or lost by then (won_at / lost_at; a deal in
-- stage won or lost without those times counts as closed).
WITH p AS (SELECT * FROM metric_context),
open_deals AS (
  SELECT
    o.close_date,
    coalesce(o.amount, 0) AS amount,
    coalesce(
      o.probability,
      CASE o.stage
        WHEN 'prospecting' THEN 10
        WHEN 'qualification' THEN 25
        WHEN 'proposal' THEN 50
        WHEN 'negotiation' THEN 75
        ELSE 0
      END
    ) AS probability
  FROM opportunities o, p
  WHERE (o.created_at IS NULL OR o.created_at < p.as_of_end)
    AND (o.won_at IS NULL OR o.won_at >= p.as_of_end)
    AND (o.lost_at IS NULL OR o.lost_at >= p.as_of_end)
    AND NOT (coalesce(o.stage, '') IN ('won', 'lost') AND o.won_at IS NULL AND o.lost_at IS NULL)
)
SELECT
  CASE
    WHEN d.close_date IS NULL THEN NULL
    ELSE CAST(greatest(date_trunc('month', d.close_date), date_trunc('month', p.as_of)) AS DATE)
  END AS period,
  count(*) AS opportunities,
  sum(d.amount) AS amount,
  sum(d.amount * d.probability / 100) AS weighted_amount
FROM open_deals d, p
GROUP BY ALL
ORDER BY period NULLS LAST
