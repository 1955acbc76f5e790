import { createContext, useContext } from 'react';

// The typed slice of the Khal OS SDK (`@khal-os/sdk/app`) this pack uses. The SDK is not on
// the public npm registry, so a fresh pack carries these shapes itself and still installs,
// type-checks and builds anywhere. Once the KHAL registry is set up for the pack, import
// `useNats` and `useKhalAuth` from `@khal-os/sdk/app` instead: they return the same shapes.

/** What `useNats()` returns: the shell's NATS connection, scoped to the signed-in user's org. */
export interface KhalNats {
  connected: boolean;
  orgId: string;
  userId: string;
  publish(subject: string, data?: unknown): void;
  /** Returns the function that ends the subscription. */
  subscribe(subject: string, onMessage: (data: unknown) => void): () => void;
  request<Reply = unknown>(subject: string, data?: unknown, timeoutMs?: number): Promise<Reply>;
}

export type KhalRole = 'member' | 'platform-dev' | 'platform-admin' | 'platform-owner';

/** What `useKhalAuth()` returns: who is signed in. */
export interface KhalAuth {
  userId: string;
  orgId: string;
  role: KhalRole;
  permissions: string[];
  loading: boolean;
}

export interface KhalPlatform {
  nats: KhalNats | null;
  auth: KhalAuth | null;
}

/** Where the component finds the platform; tests fill it with fakes. */
export const PlatformContext = createContext<KhalPlatform>({ nats: null, auth: null });

export function useNats(): KhalNats | null {
  return useContext(PlatformContext).nats;
}

export function useKhalAuth(): KhalAuth | null {
  return useContext(PlatformContext).auth;
}

/** A subject of this pack: `khal.<orgId>.<packId>.<action>`, the platform's naming rule. */
export function packSubject(orgId: string, packId: string, action: string): string {
  return `khal.${orgId}.${packId}.${action}`;
}
