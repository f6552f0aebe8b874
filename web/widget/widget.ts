import { type Answer, ChatApi, ChatFailure, type WidgetMessage } from "./api.js";
import { CSS, el } from "./dom.js";
import { stringsFor } from "./strings.js";

/*
 * The chat widget: one <script src="https://crm.example.com/widget.js" data-workspace="…"> on any
 * page whose origin the workspace allows (Settings → Chat). No framework; everything it shows is
 * text nodes; it lives in a shadow root so the page's styles and its own do not mix. The visitor's
 * conversation token stays in this origin's sessionStorage, so a reload continues the chat.
 */

const script = document.currentScript as HTMLScriptElement | null;
const workspace = script?.dataset.workspace ?? "";
const base = script ? new URL(script.src).origin : "";
const lang = script?.dataset.lang || document.documentElement.lang || navigator.language || "en";
const t = stringsFor(lang);
const storeKey = `crm-chat:${base}:${workspace}`;

if (workspace && base) mount();

function mount(): void {
  const api = new ChatApi(base, workspace);
  const host = el("div", { id: "crm-chat-widget" });
  const root = host.attachShadow({ mode: "open" });
  root.append(el("style", {}, CSS));
  document.body.append(host);

  const launch = el("button", { class: "launch", type: "button", "aria-expanded": "false" }, t.open);
  const closeBtn = el("button", { type: "button", "aria-label": t.close }, "×");
  const status = el("div", { class: "status", role: "status" });
  const body = el("div", { class: "body", "aria-live": "polite" });
  const typing = el("div", { class: "typing", "aria-live": "polite" });
  const panel = el(
    "section",
    { class: "panel", role: "dialog", "aria-label": t.title, hidden: "" },
    el("header", {}, el("strong", {}, t.title), closeBtn),
    status,
    body,
    typing,
  );
  root.append(launch, panel);

  let online = false;
  let source: EventSource | undefined;
  const shown = new Set<string>();
  const list = el("div", { class: "log" });
  const answersBox = el("div", { class: "answers" });

  const setOpen = (open: boolean) => {
    panel.hidden = !open;
    launch.setAttribute("aria-expanded", String(open));
    if (open) (panel.querySelector("input,textarea,button.btn") as HTMLElement | null)?.focus();
    else launch.focus();
  };
  launch.addEventListener("click", () => setOpen(launch.getAttribute("aria-expanded") !== "true"));
  closeBtn.addEventListener("click", () => setOpen(false));
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape") setOpen(false);
  });

  const showStatus = (agents: boolean) => {
    online = agents;
    status.textContent = agents ? t.online : t.offline;
  };
  const failText = (err: unknown) =>
    err instanceof ChatFailure && err.status === 429
      ? t.tooFast
      : err instanceof ChatFailure && err.status === 403
        ? t.notAllowed
        : t.failed;

  const renderAnswers = (answers: Answer[], heading: string, canMark: boolean) => {
    answersBox.replaceChildren();
    if (!answers.length) return;
    answersBox.append(el("strong", {}, heading));
    for (const a of answers) {
      const item = el("div", { class: "answer" }, el("strong", {}, a.question), el("p", {}, a.answer));
      if (canMark) {
        const helped = el("button", { type: "button", class: "link" }, t.helped);
        helped.addEventListener("click", async () => {
          try {
            await api.helped(a.id);
            helped.replaceWith(el("span", { class: "thanks" }, t.thanks));
          } catch (err) {
            helped.after(el("span", { class: "err" }, failText(err)));
          }
        });
        item.append(helped);
      }
      answersBox.append(item);
    }
    if (canMark) {
      const person = el("button", { type: "button", class: "link" }, t.person);
      person.addEventListener("click", () => {
        answersBox.replaceChildren(el("span", {}, online ? t.personAsked : t.left));
      });
      answersBox.append(person);
    }
  };
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const suggest = (q: string, heading: string, canMark: boolean) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(async () => {
      if (q.trim().length < 2) return renderAnswers([], heading, canMark);
      try {
        renderAnswers((await api.answers(q, lang)).answers, heading, canMark);
      } catch {
        // Suggestions are a help, not the conversation: a failed search shows none.
      }
    }, 200);
  };

  const addMessage = (m: WidgetMessage) => {
    if (shown.has(m.id)) return;
    shown.add(m.id);
    const who = m.from === "visitor" ? t.you : m.name || t.agent;
    list.append(el("div", { class: `msg ${m.from}` }, el("span", { class: "who" }, who), m.text));
    body.scrollTop = body.scrollHeight;
    if (m.from === "agent") typing.textContent = "";
  };

  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  const listen = () => {
    source?.close();
    source = api.events();
    source.addEventListener("history", (e) => {
      for (const m of (JSON.parse((e as MessageEvent).data) as { messages: WidgetMessage[] }).messages) addMessage(m);
    });
    source.addEventListener("message", (e) =>
      addMessage((JSON.parse((e as MessageEvent).data) as { message: WidgetMessage }).message),
    );
    source.addEventListener("agents", (e) =>
      showStatus((JSON.parse((e as MessageEvent).data) as { online: boolean }).online),
    );
    source.addEventListener("typing", () => {
      typing.textContent = t.typing;
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => {
        typing.textContent = "";
      }, 4000);
    });
    source.addEventListener("error", () => {
      // A token that stopped working (expired, conversation gone) ends the chat here.
      if (source?.readyState === EventSource.CLOSED) sessionStorage.removeItem(storeKey);
    });
  };

  const conversation = (firstQuestion: string) => {
    const input = el("input", { "aria-label": t.message, maxlength: "4000", autocomplete: "off" });
    const error = el("div", { class: "err", role: "alert" });
    const form = el("form", { class: "compose" }, input, el("button", { class: "btn", type: "submit" }, t.send));
    let lastTyping = 0;
    input.addEventListener("input", () => {
      if (Date.now() - lastTyping > 2000) {
        lastTyping = Date.now();
        api.typing().catch(() => {});
      }
      if (!online) suggest(input.value, t.waiting, true);
    });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      error.textContent = "";
      try {
        addMessage((await api.send(text)).message);
        input.value = "";
      } catch (err) {
        error.textContent = failText(err);
      }
    });
    body.replaceChildren(list, answersBox);
    panel.append(error, form);
    if (firstQuestion) suggest(firstQuestion, t.waiting, true);
    listen();
    input.focus();
  };

  const startForm = () => {
    const field = (label: string, control: HTMLInputElement | HTMLTextAreaElement) => {
      const err = el("span", { class: "err", id: `crm-chat-${control.name}-err` });
      control.setAttribute("aria-describedby", err.id);
      return { wrap: el("label", {}, label, control, err), err };
    };
    const name = field(t.name, el("input", { name: "name", autocomplete: "name", maxlength: "100" }));
    const email = field(t.email, el("input", { name: "email", type: "email", autocomplete: "email" }));
    const question = field(t.question, el("textarea", { name: "text", maxlength: "4000" }));
    const submit = el("button", { class: "btn", type: "submit" }, online ? t.start : t.leave);
    const error = el("div", { class: "err", role: "alert" });
    const form = el("form", { novalidate: "" }, name.wrap, email.wrap, question.wrap, answersBox, submit, error);
    const q = question.wrap.querySelector("textarea")!;
    q.addEventListener("input", () => suggest(q.value, t.suggestions, false));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      for (const f of [name, email, question]) f.err.textContent = "";
      error.textContent = "";
      const data = Object.fromEntries(new FormData(form)) as { name: string; email: string; text: string };
      try {
        const started = await api.start(data);
        api.token = started.token;
        sessionStorage.setItem(storeKey, started.token);
        showStatus(started.agentsOnline);
        for (const m of started.messages) addMessage(m);
        if (!started.agentsOnline) list.append(el("p", { class: "left" }, t.left));
        conversation(data.text);
      } catch (err) {
        if (err instanceof ChatFailure && err.status === 422) {
          const fields = { name, email, text: question } as const;
          for (const [key, code] of Object.entries(err.fields)) {
            const f = fields[key as keyof typeof fields];
            if (f) f.err.textContent = t[code as "required" | "invalidEmail" | "tooLong"] ?? t.required;
          }
        } else error.textContent = failText(err);
      }
    });
    body.replaceChildren(form);
  };

  api
    .status()
    .then((s) => showStatus(s.agentsOnline))
    .catch((err) => {
      status.textContent = failText(err);
    })
    .finally(() => {
      const token = sessionStorage.getItem(storeKey);
      if (token) {
        api.token = token;
        conversation("");
      } else startForm();
    });
}
