import { createRoot } from 'react-dom/client';
import { invoke } from './lib/client';

function Boot() {
  return <div>Pishkhan</div>;
}
void invoke('app.info', {});
createRoot(document.getElementById('root') as HTMLElement).render(<Boot />);
