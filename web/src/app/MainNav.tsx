import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { sectionsThatFit } from "./navFit.js";

/*
 * The main navigation of the top bar. Its sections keep their order; the ones that do not fit
 * beside the bell and the account menu (a narrow window, a long language) move into a "More"
 * disclosure at the end — never scrolled out of sight. What fits is measured, not guessed: a
 * hidden copy of the links (in the current language and font) gives each one's width, and a
 * ResizeObserver on the nav and on each copied link recomputes it when the window or the language changes.
 */

const GAP = 2; // .nav's gap, px

export function MainNav(props: { sections: readonly string[]; current: string }) {
  const { t } = useTranslation();
  const navRef = useRef<HTMLElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const [shown, setShown] = useState(props.sections.length);
  const [open, setOpen] = useState(false);
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null);

  const fit = useCallback(() => {
    const nav = navRef.current;
    const measure = measureRef.current;
    if (!nav || !measure) return;
    const items = [...measure.children].map((el) => el.getBoundingClientRect().width);
    const more = items.pop() ?? 0;
    setShown(sectionsThatFit(items, nav.clientWidth, GAP, more + GAP));
  }, []);

  // The nav's room, and each measured link (its text changes with the language, its font may load late).
  const sectionsKey = props.sections.join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: new sections are new links to observe
  useLayoutEffect(() => {
    fit();
    const observer = new ResizeObserver(fit);
    if (navRef.current) observer.observe(navRef.current);
    for (const el of measureRef.current?.children ?? []) observer.observe(el);
    return () => observer.disconnect();
  }, [fit, sectionsKey]);

  const visible = props.sections.slice(0, shown);
  const overflow = props.sections.slice(shown);
  const isOpen = open && overflow.length > 0;

  // A click elsewhere closes the list; Escape closes it and returns to the button.
  useEffect(() => {
    if (!isOpen) return;
    const away = (e: MouseEvent) => {
      const inside = (e.target as Element | null)?.closest?.(".nav-more");
      if (!inside) setOpen(false);
    };
    const onEscape = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      moreRef.current?.focus();
    };
    document.addEventListener("mousedown", away);
    document.addEventListener("keydown", onEscape);
    return () => {
      document.removeEventListener("mousedown", away);
      document.removeEventListener("keydown", onEscape);
    };
  }, [isOpen]);

  const toggle = () => {
    const r = moreRef.current?.getBoundingClientRect();
    // Fixed, under the button: a narrow window's top bar scrolls sideways and would clip it.
    if (r) setPlace({ top: r.bottom + 4, left: Math.max(4, Math.min(r.left, window.innerWidth - 220)) });
    setOpen(!open);
  };

  return (
    <nav aria-label={t("nav.main")} className="nav" ref={navRef}>
      {visible.map((s) => (
        <Link key={s} href={`/${s}`} className="nav-link" aria-current={props.current === s ? "page" : undefined}>
          {t(`nav.${s}` as "nav.accounts")}
        </Link>
      ))}
      {overflow.length > 0 && (
        <div className="nav-more">
          <button
            ref={moreRef}
            type="button"
            className={`nav-link nav-more-button${overflow.includes(props.current) ? " current" : ""}`}
            aria-expanded={isOpen}
            aria-controls={listId}
            onClick={toggle}
          >
            {t("nav.more")} <span aria-hidden="true">▾</span>
          </button>
          {isOpen && (
            <ul id={listId} className="nav-more-list" style={place ?? undefined}>
              {overflow.map((s) => (
                <li key={s}>
                  <Link
                    href={`/${s}`}
                    className="nav-more-link"
                    aria-current={props.current === s ? "page" : undefined}
                    onClick={() => setOpen(false)}
                  >
                    {t(`nav.${s}` as "nav.accounts")}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {/* Every link and the More button as they would be, to measure (never seen or read). */}
      <div className="nav-measure" ref={measureRef} aria-hidden="true">
        {props.sections.map((s) => (
          <span key={s} className="nav-link">
            {t(`nav.${s}` as "nav.accounts")}
          </span>
        ))}
        <span className="nav-link">
          {t("nav.more")} <span>▾</span>
        </span>
      </div>
    </nav>
  );
}
