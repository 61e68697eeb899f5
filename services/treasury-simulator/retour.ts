/** A PES_Retour saying that the pièces of an accepted file were settled: what a treasury sends after paying. */
import iconv from 'iconv-lite';
import { Decimal } from 'decimal.js';
import type { PesAller } from '../../domain/pes/model.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const val = (name: string, value: string) => `<${name} V="${esc(value)}"/>`;

export function paidRetour(pes: PesAller, nomFic: string, date: string): Uint8Array {
  const h = pes.EnTetePES;
  const bordereaux = (pes.PES_DepenseAller?.Bordereau ?? [])
    .map((b) => {
      const pieces = b.Piece.map((p) => {
        const i = p.BlocPiece.InfoPce;
        const lines = p.LigneDePiece.map((l) => {
          const il = l.BlocLignePiece.InfoLignePce;
          const ttc = new Decimal(il.MtHT).plus(il.MtTVA ?? '0').toFixed(2);
          return (
            `<LigneDePiece><BlocLignePiece><InfoLignePiece>${val('IdLigne', il.IdLigne)}${val('EtatLigPce', '05')}${val('MtHT', il.MtHT)}</InfoLignePiece></BlocLignePiece>` +
            `<PaiementEmargement>${val('OrgEma', '01')}${val('DtePay', date)}${val('MtPay', ttc)}</PaiementEmargement></LigneDePiece>`
          );
        }).join('');
        return `<Piece><InfoPiece>${val('IdPce', i.IdPce)}${val('TypPce', i.TypPce)}${val('NatPce', i.NatPce)}${val('DtePcePec', date)}${val('EtatPce', '05')}</InfoPiece>${lines}</Piece>`;
      }).join('');
      return `<Bordereau><BlocBordereau>${val('Exer', b.BlocBordereau.Exer)}${val('IdBord', b.BlocBordereau.IdBord)}${val('TypBord', b.BlocBordereau.TypBord)}</BlocBordereau>${pieces}</Bordereau>`;
    })
    .join('');
  const xml =
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n<n:PES_Retour xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour">' +
    `<Enveloppe><Parametres>${val('Version', '2')}${val('TypFic', 'PESRETOUR_DEP')}${val('NomFic', nomFic)}</Parametres><Emetteur>${val('Sigle', 'HELIOS')}${val('Adresse', 'DGFIP')}</Emetteur></Enveloppe>` +
    `<EnTetePES>${val('DteStr', date)}${val('IdPost', h.IdPost)}${val('IdColl', h.IdColl)}${val('CodColl', h.CodCol)}${val('CodBud', h.CodBud)}</EnTetePES>` +
    `<PES_DepenseRetour><EnTeteDepense>${val('TypRestit', '02')}${val('IdVer', '2')}${val('NatInf', '2')}</EnTeteDepense>${bordereaux}</PES_DepenseRetour></n:PES_Retour>\n`;
  return iconv.encode(xml, 'latin1');
}
