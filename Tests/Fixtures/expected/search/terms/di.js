handbookSearchLoaded("terms/di",{"di":[9,3],"direction":[11,3],"director":[9,54,2,10]});
