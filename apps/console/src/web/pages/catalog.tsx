import { apiGet, type Service } from '../lib/api';
import { tone, useData } from '../lib/use-data';

type Item = Record<string, unknown>;

/** The read-only lists of the other services: what each is, where it comes from, and the columns worth a glance. */
const catalogs: Record<string, { title: string; service: Service; path: string; columns: string[]; status?: string }> = {
  packages: {
    title: 'Packages (component builds)',
    service: 'build',
    path: '/v1/component-package-tasks',
    columns: ['appId', 'componentName', 'version', 'status'],
    status: 'status',
  },
  addons: {
    title: 'Add-on instances',
    service: 'addon',
    path: '/v1/addon-instances',
    columns: ['id', 'type', 'name', 'namespace', 'status'],
    status: 'status',
  },
  plugins: { title: 'Plug-ins', service: 'plugin-registry', path: '/v1/plugins', columns: ['name', 'version', 'kind', 'enabled', 'owner'] },
};

const text = (value: unknown) =>
  value === undefined || value === null ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value);

export function CatalogPage({ kind }: { kind: keyof typeof catalogs }) {
  const catalog = catalogs[kind]!;
  const list = useData(async () => {
    const page = await apiGet<Item[] | { items: Item[] }>(catalog.service, catalog.path);
    return Array.isArray(page) ? page : page.items;
  }, [kind]);
  return (
    <section>
      <h1>{catalog.title}</h1>
      <p className="muted">
        from the {catalog.service} service, {catalog.path}
      </p>
      {list.error && <p role="alert">{list.error}</p>}
      {list.data && list.data.length === 0 && <p>Nothing here yet.</p>}
      {list.data && list.data.length > 0 && (
        <table data-catalog={kind}>
          <thead>
            <tr>
              {catalog.columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.data.map((item, i) => (
              <tr key={i}>
                {catalog.columns.map((c) => (
                  <td key={c}>
                    {c === catalog.status ? <span className={`badge ${tone(text(item[c]))}`}>{text(item[c])}</span> : text(item[c])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
