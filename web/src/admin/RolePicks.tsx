// Role checkboxes: the roles the manager may hand out, by their zh-TW/en names.
import { useI18n } from '../i18n/index.tsx';

export const ALL_ROLES = ['customs_admin', 'customs_officer', 'yard_operator', 'responsible_person', 'fleet_operator', 'driver', 'trader', 'supplier', 'judicial'];

export function RolePicks({ value, onChange, name = 'roles' }: { value: string[]; onChange: (roles: string[]) => void; name?: string }) {
  const { td } = useI18n();
  return (
    <div className="role-picks" role="group">
      {ALL_ROLES.map((r) => (
        <label key={r}>
          <input
            type="checkbox"
            name={name}
            value={r}
            checked={value.includes(r)}
            onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))}
          />
          {td('role', r)}
        </label>
      ))}
    </div>
  );
}
