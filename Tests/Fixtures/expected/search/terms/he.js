handbookSearchLoaded("terms/he",{"heading":[8,1],"headings":[8,1],"hearing":[5,1],"here":[0,4]});
