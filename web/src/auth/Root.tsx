import { canReadCollection, canWriteCollection, isRole } from "@crm/schema";
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { App } from "../app/App.js";
import { RuntimeContext } from "../runtime/context.js";
import { createRuntime, type Runtime } from "../runtime/runtime.js";

// The screens before the app load only when needed: a remembered session never shows them.
const screens = () => import("./AuthScreens.js");
const InviteScreen = lazy(() => import("./InviteScreen.js").then((m) => ({ default: m.InviteScreen })));
const resetScreens = () => import("./PasswordResetScreens.js");
const ForgotPasswordScreen = lazy(() => resetScreens().then((m) => ({ default: m.ForgotPasswordScreen })));
const ResetPasswordScreen = lazy(() => resetScreens().then((m) => ({ default: m.ResetPasswordScreen })));
const NoWorkspaceScreen = lazy(() => screens().then((m) => ({ default: m.NoWorkspaceScreen })));
const SetupScreen = lazy(() => screens().then((m) => ({ default: m.SetupScreen })));
const SignInScreen = lazy(() => screens().then((m) => ({ default: m.SignInScreen })));
const UnreachableScreen = lazy(() => screens().then((m) => ({ default: m.UnreachableScreen })));

import {
  ApiError,
  api,
  cachedSession,
  call,
  chosenWorkspace,
  colorFor,
  fetchSession,
  NetworkError,
  rememberSession,
  rememberWorkspace,
  type SessionInfo,
  type SessionWorkspace,
} from "../runtime/api.js";
import { useDeviceRemoval } from "../runtime/deviceRemoval.js";
import { type AccessNotice, SessionContext, type SessionState } from "../runtime/session.js";

/*
 * What the tab shows before and around the app:
 * - a remembered session opens its workspace from the local copy at once (no network), and the
 *   session is checked with the server in the background;
 * - no remembered session: ask the server; signed out → sign in (or first-run setup);
 * - while open: the server's close codes say when the session ended (4401), access was removed
 *   (4403) or the role changed (4100): the app says so and stops, or picks up the new role.
 */

/** Where the open runtime's sync client reports the server's close codes (set by Root). */
const serverClose: { handler: ((code: number) => void) | null } = { handler: null };

function runtimeFor(session: SessionInfo, ws: SessionWorkspace, syncUrl: string): Promise<Runtime> {
  const role = isRole(ws.role) ? ws.role : "viewer";
  return createRuntime({
    workspace: ws.id,
    syncUrl,
    shardDelayMs: 250,
    identity: { id: session.user.id, name: session.user.name, color: colorFor(session.user.id) },
    canRead: (collection) => canReadCollection(role, collection as never),
    canWrite: (collection) => canWriteCollection(role, collection as never),
    onServerClose: (code) => serverClose.handler?.(code),
    otherWorkspaces: session.workspaces.map((w) => w.id),
  });
}

export type EarlyStart = Promise<{ session: SessionInfo; workspaceId: string; runtime: Runtime }>;

/**
 * With a remembered session, the local database opens while the rest of the page starts (i18n,
 * React): the first rows come from it, with no network.
 */
export function startEarly(syncUrl: string): EarlyStart | null {
  const session = cachedSession();
  const ws = session && chosenWorkspace(session);
  if (!session || !ws || location.pathname.startsWith("/invite/")) return null;
  return runtimeFor(session, ws, syncUrl).then((runtime) => ({ session, workspaceId: ws.id, runtime }));
}

type Phase =
  | { kind: "booting" }
  | { kind: "signed-out"; setup: boolean; notice?: string }
  | { kind: "unreachable" }
  | { kind: "no-workspace"; session: SessionInfo }
  | { kind: "app"; session: SessionInfo; workspaceId: string; runtime: Runtime };

export function Root({ syncUrl, early }: { syncUrl: string; early?: EarlyStart | null }) {
  const { t } = useTranslation();
  const [location, navigate] = useLocation();
  const [phase, setPhase] = useState<Phase>({ kind: "booting" });
  const [notice, setNotice] = useState<AccessNotice>(null);
  const runtimeRef = useRef<Runtime | null>(null);
  const sessionRef = useRef<SessionInfo | null>(null);

  const closeRuntime = useCallback(() => {
    runtimeRef.current?.destroy();
    runtimeRef.current = null;
  }, []);

  const refresh = useCallback(async () => {
    let fresh: SessionInfo | null;
    try {
      fresh = await fetchSession();
    } catch {
      return; // offline: keep working on the local copy
    }
    if (!fresh) {
      setNotice("signed-out");
      return;
    }
    rememberSession(fresh);
    sessionRef.current = fresh;
    setPhase((p) => {
      if (p.kind !== "app") return p;
      if (!fresh.workspaces.some((w) => w.id === p.workspaceId)) {
        setNotice("removed");
        return p;
      }
      return { ...p, session: fresh };
    });
  }, []);

  const open = useCallback(
    async (session: SessionInfo, workspaceId?: string) => {
      rememberSession(session);
      sessionRef.current = session;
      const ws = workspaceId ? session.workspaces.find((w) => w.id === workspaceId) : chosenWorkspace(session);
      if (!ws) {
        closeRuntime();
        setPhase({ kind: "no-workspace", session });
        return;
      }
      rememberWorkspace(ws.id);
      if (runtimeRef.current?.workspace === ws.id) {
        setPhase((p) => (p.kind === "app" ? { ...p, session } : p));
        return;
      }
      closeRuntime();
      setNotice(null);
      const runtime = await runtimeFor(session, ws, syncUrl);
      runtimeRef.current = runtime;
      // For tests and benchmarks that wait on the real state, and for curious admins.
      (window as unknown as { __crm: unknown }).__crm = runtime;
      setPhase({ kind: "app", session, workspaceId: ws.id, runtime });
    },
    [closeRuntime, syncUrl],
  );

  useEffect(() => {
    serverClose.handler = (code) => {
      if (code === 4401) setNotice("signed-out");
      else if (code === 4403) {
        setNotice("removed");
        void refresh();
      } else if (code === 4100) void refresh();
    };
    return () => {
      serverClose.handler = null;
    };
  }, [refresh]);

  const boot = useCallback(async () => {
    const started = early ? await early.catch(() => null) : null;
    if (started) {
      sessionRef.current = started.session;
      (window as unknown as { __crm: unknown }).__crm = started.runtime;
      runtimeRef.current = started.runtime;
      setPhase({ kind: "app", session: started.session, workspaceId: started.workspaceId, runtime: started.runtime });
      void refresh();
      return;
    }
    const cached = cachedSession();
    if (cached && chosenWorkspace(cached) && !location.startsWith("/invite/")) {
      await open(cached);
      void refresh();
      return;
    }
    try {
      const session = await fetchSession();
      if (session) {
        if (!location.startsWith("/invite/")) await open(session);
        else {
          rememberSession(session);
          sessionRef.current = session;
          setPhase({ kind: "signed-out", setup: false });
        }
        return;
      }
      const { needed } = await call(api.setup.$get());
      setPhase({ kind: "signed-out", setup: needed });
    } catch (err) {
      setPhase(err instanceof NetworkError || err instanceof ApiError ? { kind: "unreachable" } : { kind: "booting" });
    }
  }, [location, open, refresh, early]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: boot once per tab; later changes come through events
  useEffect(() => {
    void boot();
    const online = () => runtimeRef.current?.sync.reconnectSoon();
    addEventListener("online", online);
    return () => {
      removeEventListener("online", online);
      closeRuntime();
    };
  }, []);

  // Back online after a disconnect: check the session again.
  useEffect(() => {
    if (phase.kind !== "app") return;
    let wasConnected = phase.runtime.sync.isConnected;
    return phase.runtime.sync.onStatus(() => {
      const now = phase.runtime.sync.isConnected;
      if (now && !wasConnected) void refresh();
      wasConnected = now;
    });
  }, [phase, refresh]);

  const signedIn = useCallback(
    async (session: SessionInfo) => {
      await open(session);
      navigate(
        location.startsWith("/invite/") || location === "/sign-in" || location === "/setup" ? "/accounts" : location,
        {
          replace: true,
        },
      );
    },
    [open, navigate, location],
  );

  const signOut = useCallback(async () => {
    try {
      await call(api["sign-out"].$post({ json: {} }));
    } catch {
      // Offline: the cookie stays until it expires, but this tab forgets the session now.
    }
    rememberSession(null);
    sessionRef.current = null;
    closeRuntime();
    setNotice(null);
    setPhase({ kind: "signed-out", setup: false });
    navigate("/sign-in", { replace: true });
  }, [closeRuntime, navigate]);

  /** On an invite link signed in as someone else: sign out and stay on the link. */
  const signOutForInvite = useCallback(async () => {
    try {
      await call(api["sign-out"].$post({ json: {} }));
    } catch {
      // Offline: the invite cannot be accepted either; the page says so when it is tried.
    }
    rememberSession(null);
    sessionRef.current = null;
    closeRuntime();
    setNotice(null);
    setPhase({ kind: "signed-out", setup: false });
  }, [closeRuntime]);

  const removeDeviceData = useDeviceRemoval({
    runtime: () => runtimeRef.current,
    known: () => sessionRef.current?.workspaces.map((w) => w.id) ?? [],
    closeRuntime,
    leave: () => setPhase({ kind: "booting" }),
  });

  const state = useMemo<SessionState | null>(() => {
    if (phase.kind !== "app") return null;
    const workspace = phase.session.workspaces.find((w) => w.id === phase.workspaceId) ?? {
      id: phase.workspaceId,
      name: phase.workspaceId,
      role: "viewer" as const,
    };
    return {
      session: phase.session,
      workspace,
      notice,
      switchWorkspace: (id) => {
        void open(phase.session, id).then(() => navigate("/accounts"));
      },
      signOut,
      removeDeviceData,
      signInAgain: () => {
        closeRuntime();
        setNotice(null);
        setPhase({ kind: "signed-out", setup: false, notice: t("auth.signIn.again") });
      },
      refresh,
      openWorkspace: async (id) => {
        const fresh = await fetchSession();
        if (fresh) await open(fresh, id);
        navigate("/accounts");
      },
    };
  }, [phase, notice, open, signOut, removeDeviceData, refresh, navigate, closeRuntime, t]);

  // A reset link works whoever is signed in here (it ends every session of its account anyway).
  if (location.startsWith("/reset-password/") && phase.kind !== "booting")
    return (
      <Screen>
        <ResetPasswordScreen secret={decodeURIComponent(location.slice("/reset-password/".length))} />
      </Screen>
    );
  if (location === "/forgot-password" && phase.kind === "signed-out")
    return (
      <Screen>
        <ForgotPasswordScreen />
      </Screen>
    );
  if (location.startsWith("/invite/") && phase.kind !== "booting") {
    const secret = decodeURIComponent(location.slice("/invite/".length));
    const user = sessionRef.current?.user;
    return (
      <Screen>
        <InviteScreen
          secret={secret}
          signedIn={user ? { name: user.name, email: user.email } : null}
          onJoined={signedIn}
          onSignOut={signOutForInvite}
        />
      </Screen>
    );
  }
  switch (phase.kind) {
    case "booting":
      return (
        <p className="boot" role="status">
          {t("app.loading")}
        </p>
      );
    case "unreachable":
      return (
        <Screen>
          <UnreachableScreen onRetry={() => void boot()} />
        </Screen>
      );
    case "signed-out":
      return (
        <Screen>
          {phase.setup ? (
            <SetupScreen onSignedIn={(s) => void signedIn(s)} />
          ) : (
            <SignInScreen onSignedIn={(s) => void signedIn(s)} {...(phase.notice ? { notice: phase.notice } : {})} />
          )}
        </Screen>
      );
    case "no-workspace":
      return (
        <Screen>
          <NoWorkspaceScreen
            name={phase.session.user.name}
            onCreated={async (id) => {
              const fresh = await fetchSession();
              if (fresh) await open(fresh, id);
              navigate("/accounts");
            }}
            onSignOut={() => void signOut()}
          />
        </Screen>
      );
    case "app":
      return (
        <SessionContext.Provider value={state}>
          <RuntimeContext.Provider value={phase.runtime} key={phase.workspaceId}>
            <App />
          </RuntimeContext.Provider>
        </SessionContext.Provider>
      );
  }
}

function Screen({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p className="boot" role="status" />}>{children}</Suspense>;
}
