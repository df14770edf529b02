import { str } from './common.js';
import type { SfAppMenuItem } from './wire.js';

/**
 * Who publishes a connected app. A connected app installed from a managed package (AppExchange) is a component of
 * that package and carries its publisher's namespace prefix (Packaging Guide; Object Reference AppMenuItem
 * NamespacePrefix: "the namespace prefix associated with this object"); an app built in the org has none. So a
 * namespace on the app's App Launcher item is what makes it a third party's. OauthToken.AppMenuItemId names the
 * item of a token's app; ConnectedApplication.Id (18 characters) starts with the item's 15-character ApplicationId.
 */
export interface AppPackage {
  namespace: string;
  /** The publisher's page (AppMenuItem.InfoUrl), as the package declares it. */
  infoUrl: string | null;
}

export class AppMenu {
  private readonly byItem = new Map<string, AppPackage | null>();
  private readonly byApp = new Map<string, AppPackage | null>();

  /** One item; false when it has no Id (every AppMenuItem has one: the row is malformed). */
  add(raw: SfAppMenuItem): boolean {
    const item = str(raw?.Id);
    const app = str(raw?.ApplicationId);
    if (!item) return false;
    const namespace = str(raw.NamespacePrefix);
    const pkg = namespace ? { namespace, infoUrl: str(raw.InfoUrl) } : null;
    this.byItem.set(item, pkg);
    if (app) this.byApp.set(app.slice(0, 15), pkg);
    return true;
  }

  /** The package of a token's app, by its AppMenuItemId; null when the app came in none (or has no item). */
  ofItem(appMenuItemId: string | null | undefined): AppPackage | null {
    return appMenuItemId ? (this.byItem.get(appMenuItemId) ?? null) : null;
  }

  /** The package of a ConnectedApplication, by its id. */
  ofApp(connectedAppId: string | null | undefined): AppPackage | null {
    return connectedAppId ? (this.byApp.get(connectedAppId.slice(0, 15)) ?? null) : null;
  }
}

/** The identity fields a package decides: a third party's app; its namespace and publisher page as attributes. */
export function publishedBy(pkg: AppPackage | null) {
  return {
    thirdParty: pkg !== null,
    attributes: { packageNamespace: pkg?.namespace ?? null, publisherUrl: pkg?.infoUrl ?? null },
  };
}
