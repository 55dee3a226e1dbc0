import { createContext, useEffect, useState } from 'react';
import { apiGet } from './lib/api';
import { accessToken, login, logout } from './lib/auth';
import { type RolePolicy } from './lib/roles';
import { useData } from './lib/use-data';
import { ApplicationsPage } from './pages/applications';
import { CatalogPage } from './pages/catalog';
import { DeploymentPage } from './pages/deployment';
import { FleetPage } from './pages/fleet';

export interface Who {
  subject: string;
  roles: string[];
  policy: RolePolicy;
}

export const WhoContext = createContext<Who>({ subject: '', roles: [], policy: [] });

const pages: [string, string][] = [
  ['#/', 'Applications'],
  ['#/fleet', 'Fleet health'],
  ['#/packages', 'Packages'],
  ['#/addons', 'Add-ons'],
  ['#/plugins', 'Plug-ins'],
];

function useHash(): string {
  const [hash, setHash] = useState(location.hash || '#/');
  useEffect(() => {
    const changed = () => setHash(location.hash || '#/');
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return hash;
}

function Page({ hash }: { hash: string }) {
  const deployment = /^#\/deployments\/([^/]+)$/.exec(hash);
  if (deployment) return <DeploymentPage id={decodeURIComponent(deployment[1] ?? '')} />;
  if (hash === '#/fleet') return <FleetPage />;
  if (hash === '#/packages') return <CatalogPage kind="packages" />;
  if (hash === '#/addons') return <CatalogPage kind="addons" />;
  if (hash === '#/plugins') return <CatalogPage kind="plugins" />;
  return <ApplicationsPage />;
}

export function App() {
  const hash = useHash();
  const signedIn = accessToken() !== undefined;
  const who = useData(async () => {
    if (!signedIn) return undefined;
    const [me, policy] = await Promise.all([
      apiGet<{ subject: string; roles: string[] }>('deploy', '/v1/whoami'),
      fetch('/console/role-policy.json').then((r) => r.json() as Promise<RolePolicy>),
    ]);
    return { ...me, policy };
  }, [signedIn]);
  if (!signedIn) {
    return (
      <main className="login">
        <h1>AppManager</h1>
        <p>Applications, deployments and fleet health of this platform.</p>
        <button onClick={() => void login()}>Sign in</button>
      </main>
    );
  }
  return (
    <WhoContext.Provider value={who.data ?? { subject: '', roles: [], policy: [] }}>
      <header>
        <strong>AppManager</strong>
        <nav>
          {pages.map(([href, label]) => (
            <a key={href} href={href} className={hash === href ? 'current' : ''}>
              {label}
            </a>
          ))}
        </nav>
        <span className="who" data-testid="who">
          {who.data ? `${who.data.subject} · roles: ${who.data.roles.join(', ')}` : (who.error ?? '…')}
        </span>
        <button onClick={logout}>Sign out</button>
      </header>
      <main>
        <Page hash={hash} />
      </main>
    </WhoContext.Provider>
  );
}
