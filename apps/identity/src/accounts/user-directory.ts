import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { hashPassword, passwordMatches } from './password-hash.js';

const usersFileSchema = z.object({
  users: z.array(
    z.object({
      username: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, { message: 'expected a lower-case user name' }),
      /** From `hashPassword`: never the password itself. */
      passwordHash: z.string().startsWith('scrypt$'),
      /** What services read from the access token's `roles` claim: `admin`, `app-team@shop`, ... */
      roles: z.array(z.string().min(1)),
    }),
  ),
});

export type User = z.infer<typeof usersFileSchema>['users'][number];

/** The people who may log in, read from a users file (`IDENTITY_USERS_FILE`). */
export class UserDirectory {
  private readonly byName: Map<string, User>;
  /** Checked against when the user is unknown, so an unknown name costs as long as a wrong password. */
  private readonly decoy: Promise<string> = hashPassword('decoy');

  constructor(users: User[]) {
    this.byName = new Map(users.map((user) => [user.username, user]));
  }

  /** The users of `path`; none while it does not exist (a fresh install, before `add-user`). */
  static async fromFile(path: string): Promise<UserDirectory> {
    if (!existsSync(path)) return new UserDirectory([]);
    const parsed = usersFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (!parsed.success) throw new Error(`${path}: ${z.prettifyError(parsed.error)}`);
    return new UserDirectory(parsed.data.users);
  }

  get size(): number {
    return this.byName.size;
  }

  find(username: string): User | undefined {
    return this.byName.get(username);
  }

  /** The user these credentials belong to, or undefined: which of the two was wrong is not said. */
  async authenticate(username: string, password: string): Promise<User | undefined> {
    const user = this.byName.get(username);
    const matches = await passwordMatches(password, user?.passwordHash ?? (await this.decoy));
    return user && matches ? user : undefined;
  }
}
