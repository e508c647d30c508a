// The alert queue on its own, full width: for the officer who works the queue; the customs admin
// also edits the procedure for each alert type here.
import { useSession } from '../session/session.tsx';
import { AlertQueue } from './AlertQueue.tsx';
import { ProcedureEditor } from './ProcedureEditor.tsx';

export function AlertsPage() {
  const { user } = useSession();
  return (
    <div className="page page-alerts">
      <AlertQueue />
      {user?.roles.includes('customs_admin') && <ProcedureEditor />}
    </div>
  );
}
